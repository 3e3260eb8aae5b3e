package dev.questlog.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WindowStore} as NDJSON files {@code windows-<yyyy-mm-dd>.ndjson} (by window end, UTC), appended and
 * fsynced. A torn last line after a crash is skipped on read. Files of days older than {@link #KEEP_DAYS} (by the
 * injected clock) are deleted at open and when the day changes. Used when this process does not run the warm
 * engine (otherwise the app assembly persists windows in its {@code live_metrics} table).
 */
final class FileWindowStore implements WindowStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileWindowStore.class);
    private static final int DAYS_READ_BACK = 2;
    static final int KEEP_DAYS = 30;
    private static final String PATTERN = "windows-\\d{4}-\\d{2}-\\d{2}\\.ndjson";
    private final Path dir;
    private final InstantSource clock;
    private LocalDate prunedOn;

    private FileWindowStore(Path dir, InstantSource clock) {
        this.dir = dir;
        this.clock = clock;
    }

    static FileWindowStore open(Path dir, InstantSource clock) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        FileWindowStore store = new FileWindowStore(dir, clock);
        store.prune();
        return store;
    }

    /** Deletes the files of days before today − {@link #KEEP_DAYS}; once per day. */
    private void prune() {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        if (today.equals(prunedOn)) {
            return;
        }
        prunedOn = today;
        String oldestKept = "windows-" + today.minusDays(KEEP_DAYS) + ".ndjson";
        for (Path file : files()) {
            if (file.getFileName().toString().compareTo(oldestKept) < 0) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("live: cannot delete old window file {}: {}", file, e.getMessage());
                }
            }
        }
    }

    @Override
    public void append(List<WindowSnapshot> closed) {
        Map<Path, StringBuilder> byFile = new HashMap<>();
        for (WindowSnapshot w : closed) {
            String day = Instant.ofEpochMilli(w.end() - 1).atZone(ZoneOffset.UTC).toLocalDate().toString();
            byFile.computeIfAbsent(dir.resolve("windows-" + day + ".ndjson"), p -> new StringBuilder())
                    .append(w.toJson()).append('\n');
        }
        byFile.forEach(FileWindowStore::appendDurably);
        prune();
    }

    private static void appendDurably(Path file, StringBuilder lines) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("live: cannot persist windows to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<WindowSnapshot> recent(int perAppAndWindow) {
        Map<String, Deque<WindowSnapshot>> kept = new HashMap<>();
        for (Path file : newestFiles()) {
            for (String line : lines(file)) {
                WindowSnapshot w = parse(line);
                if (w != null) {
                    Deque<WindowSnapshot> q = kept.computeIfAbsent(w.app() + "\u0000" + w.window(),
                            k -> new ArrayDeque<>());
                    q.addLast(w);
                    if (q.size() > perAppAndWindow) {
                        q.removeFirst();
                    }
                }
            }
        }
        List<WindowSnapshot> out = new ArrayList<>();
        kept.values().forEach(out::addAll);
        out.sort(Comparator.comparingLong(WindowSnapshot::end));
        return out;
    }

    private List<Path> newestFiles() {
        List<Path> all = files();
        return all.subList(Math.max(0, all.size() - DAYS_READ_BACK), all.size());
    }

    /** The window files, oldest day first. */
    private List<Path> files() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(PATTERN)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WindowSnapshot parse(String line) {
        try {
            return line.isBlank() ? null : WindowSnapshot.fromJson(line);
        } catch (IllegalArgumentException e) {
            LOG.warn("live: skipping an unreadable persisted window: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        // Nothing is held open between appends.
    }
}
