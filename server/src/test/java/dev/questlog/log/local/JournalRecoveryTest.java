package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.log.Appended;
import dev.questlog.log.CorruptLogException;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ManualClock;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's promise: with fsync {@code group} an acknowledged batch survives a power loss although its segment
 * was never forced. A "power loss" is simulated by copying the log directory while the log is open (what the disk
 * holds = the page cache, since nothing is in flight), then throwing away, in the copy, what an unforced segment
 * could lose: a torn tail, whole segments, a zeroed range. Opening the copy must bring back every acknowledged
 * record, once, in order.
 */
class JournalRecoveryTest {
    private static final String STREAM = "events";
    private static final int PARTITIONS = 3;
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @TempDir
    Path tmp;

    /** {@code checkpointBytes} MAX_VALUE: no checkpoint but those the test calls. */
    private static LogSettings settings(long journalFileBytes, long checkpointBytes) {
        return new LogSettings(PARTITIONS, true, 0, 1 << 20, 16 << 10, 3_600_000, 7 * 86_400_000L, 0, 1024,
                journalFileBytes, checkpointBytes, checkpointBytes == Long.MAX_VALUE ? Long.MAX_VALUE : 1_000_000,
                8 << 10);
    }

    private LocalEventLog open(Path dir, LogSettings settings) throws IOException {
        return LocalEventLog.open(settings, dir, clock, new SimpleMeterRegistry());
    }

    /** Appends {@code batches} batches of 1..20 records with random keys, recording each value at its offset. */
    private static void fill(LocalEventLog log, int batches, Random rnd, List<List<String>> byPartition) {
        for (int b = 0; b < batches; b++) {
            List<LogRecord> records = new ArrayList<>();
            for (int r = 0; r < 1 + rnd.nextInt(20); r++) {
                String v = "b" + b + "r" + r + "-" + rnd.nextInt() + "x".repeat(rnd.nextInt(200));
                records.add(LogRecord.of(("k" + rnd.nextInt(50)).getBytes(StandardCharsets.UTF_8),
                        v.getBytes(StandardCharsets.UTF_8)));
            }
            List<Appended> acks = log.append(STREAM, records).join();
            for (int i = 0; i < acks.size(); i++) {
                List<String> values = byPartition.get(acks.get(i).partition());
                assertThat(acks.get(i).offset()).isEqualTo(values.size());
                values.add(new String(records.get(i).value(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Damages an unforced copy the ways a power loss can: a torn tail, lost segments, a zeroed range. */
    private static void loseUnforced(Path image, Random rnd) throws IOException {
        for (int p = 0; p < PARTITIONS; p++) {
            List<Path> segs = segmentsOf(image, p);
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    Path last = segs.getLast();
                    try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
                        f.setLength(rnd.nextLong(f.length() + 1));
                    }
                }
                case 1 -> {
                    for (Path s : segs.subList(1 + rnd.nextInt(segs.size()), segs.size())) {
                        Files.delete(s);
                    }
                }
                case 2 -> {
                    Path s = segs.get(rnd.nextInt(segs.size()));
                    try (RandomAccessFile f = new RandomAccessFile(s.toFile(), "rw")) {
                        if (f.length() > 0) {
                            long at = rnd.nextLong(f.length());
                            f.seek(at);
                            f.write(new byte[(int) Math.min(f.length() - at, 1 + rnd.nextInt(8192))]);
                        }
                    }
                }
                default -> {
                    // this partition lost nothing
                }
            }
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesLosingWhatNoCheckpointForced() throws Exception {
        for (int trial = 0; trial < 12; trial++) {
            Random rnd = new Random(trial);
            Path dir = tmp.resolve("live" + trial);
            List<List<String>> written = empty();
            // no checkpoint runs: everything is in the journal, the segments (16 KiB, so several) are never forced
            LogSettings settings = settings(1 << 20, Long.MAX_VALUE);
            Path image = tmp.resolve("image" + trial);
            try (LocalEventLog log = open(dir, settings)) {
                log.ensureStream(STREAM);
                fill(log, 150, rnd, written);
                copyTree(dir, image);
            }
            loseUnforced(image, rnd);
            assertThat(readAll(image, settings)).as("trial %d", trial).isEqualTo(written);
            assertThat(journalFiles(image)).as("a clean close leaves nothing to replay").isEmpty();
        }
    }

    @Test
    void checkpointsReuseJournalFilesAndOnlyWhatFollowsTheLastOneIsReplayed() throws Exception {
        Random rnd = new Random(42);
        Path dir = tmp.resolve("cp");
        List<List<String>> written = empty();
        // 64 KiB journal files, a checkpoint every 32 KiB: the journal is reused many times over
        LogSettings settings = settings(64 << 10, 32 << 10);
        Path image = tmp.resolve("cp-image");
        List<Path> lastForced = new ArrayList<>();
        List<Long> forcedSize = new ArrayList<>();
        try (LocalEventLog log = open(dir, settings)) {
            log.ensureStream(STREAM);
            fill(log, 400, rnd, written);
            log.checkpoint();
            // the journal does not grow: after a checkpoint only the active file and the prepared next one remain,
            // plus at most two spares, although 400 appends took many 64 KiB files' worth of chunks
            assertThat(journalFiles(dir).size()).as("journal files in use").isLessThanOrEqualTo(2);
            assertThat(JournalFiles.list(dir.resolve(LocalEventLog.JOURNAL_DIR), JournalFormat.SPARE_SUFFIX))
                    .hasSizeLessThanOrEqualTo(2);
        }
        try (LocalEventLog log = open(dir, settings(64 << 10, Long.MAX_VALUE))) {
            fill(log, 100, rnd, written);
            log.checkpoint();
            for (int p = 0; p < PARTITIONS; p++) {
                lastForced.add(segmentsOf(dir, p).getLast());
                forcedSize.add(Files.size(lastForced.getLast()));
            }
            fill(log, 60, rnd, written);
            copyTree(dir, image);
        }
        // only what followed the checkpoint may be lost: its segments, and the tail of the one it forced last
        for (int p = 0; p < PARTITIONS; p++) {
            List<Path> segs = segmentsOf(image, p);
            Path kept = image.resolve(dir.relativize(lastForced.get(p)).toString());
            for (Path s : segs.subList(segs.indexOf(kept) + 1, segs.size())) {
                Files.delete(s);
            }
            try (RandomAccessFile f = new RandomAccessFile(kept.toFile(), "rw")) {
                f.setLength(forcedSize.get(p) + rnd.nextLong(f.length() - forcedSize.get(p) + 1));
            }
        }
        assertThat(readAll(image, settings)).isEqualTo(written);
    }

    @Test
    void damageToWhatACheckpointForcedIsStillReported() throws Exception {
        Random rnd = new Random(5);
        Path dir = tmp.resolve("old");
        LogSettings settings = settings(64 << 10, Long.MAX_VALUE);
        Path image = tmp.resolve("old-image");
        try (LocalEventLog log = open(dir, settings)) {
            log.ensureStream(STREAM);
            List<List<String>> written = empty();
            fill(log, 200, rnd, written);
            log.checkpoint(); // retires every journal file but the one in use, which holds the last batches
            fill(log, 5, rnd, written);
            copyTree(dir, image);
        }
        Path first = segmentsOf(image, 0).getFirst();
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(100);
            f.write(f.read() ^ 0xFF);
        }
        assertThatThrownBy(() -> readAll(image, settings)).isInstanceOfSatisfying(CorruptLogException.class,
                e -> assertThat(e.file()).isEqualTo(first));
    }

    private static List<Path> journalFiles(Path dir) throws IOException {
        return JournalFiles.list(dir.resolve(LocalEventLog.JOURNAL_DIR), JournalFormat.SUFFIX);
    }

    private static List<List<String>> empty() {
        List<List<String>> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    /** Copies a live log directory; a file vanishing under the walk itself makes it start over. */
    private static void copyTree(Path from, Path to) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                copyOnce(from, to);
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
                try (Stream<Path> files = Files.walk(to)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static void copyOnce(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals(".lock")) {
                    try {
                        Files.copy(f, target);
                    } catch (NoSuchFileException e) {
                        // the journal's next file, renamed by its background preparation while we walked: it
                        // holds no chunk yet (nothing is in flight while the test copies), as after a power loss
                        // before the rename
                    }
                }
            }
        }
    }

    private static List<Path> segmentsOf(Path dir, int partition) throws IOException {
        Path pdir = dir.resolve(STREAM).resolve(Integer.toString(partition));
        return PartitionRecovery.segmentBases(pdir).stream().map(b -> pdir.resolve(Segment.fileName(b) + ".log"))
                .toList();
    }

    private List<List<String>> readAll(Path dir, LogSettings settings) throws Exception {
        List<List<String>> out = empty();
        try (LocalEventLog log = open(dir, settings)) {
            for (int p = 0; p < PARTITIONS; p++) {
                long end = log.endOffset(STREAM, p);
                try (LogConsumer c = log.consumer(STREAM, "check", Set.of(p), StartPosition.earliest())) {
                    while (out.get(p).size() < end) {
                        List<ReadRecord> got = c.poll(1000, Duration.ofSeconds(5));
                        assertThat(got).isNotEmpty();
                        for (ReadRecord r : got) {
                            assertThat(r.offset()).isEqualTo(out.get(p).size());
                            out.get(p).add(new String(r.value(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return out;
    }
}
