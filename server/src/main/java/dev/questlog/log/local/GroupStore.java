package dev.questlog.log.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The consumer groups of one stream: {@code <stream>/groups/<group>.offsets}, text lines {@code partition offset},
 * each file replaced atomically (temp file, fsync, rename, directory fsync) on commit. Thread-safe; commits of a
 * stream are serialized (they are rare next to appends).
 */
final class GroupStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String HEADER = "# questlog group offsets v1: partition next-offset";

    private final Path dir;
    private final Map<String, Map<Integer, Long>> committed = new ConcurrentHashMap<>();

    GroupStore(Path dir) throws IOException {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Durable.fsyncDirectory(dir.getParent()); // so the first commit's file cannot lose its directory
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".offsets")) {
                    committed.put(name.substring(0, name.length() - ".offsets".length()), read(f));
                }
            }
        }
    }

    static String checkName(String group) {
        if (group == null || !NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("group name must match " + NAME.pattern() + ", was '" + group + "'");
        }
        return group;
    }

    /** Reads a group file (also used by {@code log inspect}). */
    static Map<Integer, Long> read(Path file) throws IOException {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length != 2) {
                throw new IOException(file + ": bad line '" + line + "'");
            }
            offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
        return offsets;
    }

    Map<Integer, Long> committed(String group) {
        return Map.copyOf(committed.getOrDefault(group, Map.of()));
    }

    Set<String> groups() {
        return new TreeSet<>(committed.keySet());
    }

    /** Merges {@code nextOffsets} into the group's committed offsets; returns once they are durable. */
    synchronized void commit(String group, Map<Integer, Long> nextOffsets) throws IOException {
        checkName(group);
        Map<Integer, Long> merged = new TreeMap<>(committed.getOrDefault(group, Map.of()));
        merged.putAll(nextOffsets);
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        merged.forEach((p, o) -> text.append(p).append(' ').append(o).append('\n'));
        Durable.writeAtomically(dir.resolve(group + ".offsets"), text.toString().getBytes(StandardCharsets.UTF_8));
        committed.put(group, Map.copyOf(merged));
    }
}
