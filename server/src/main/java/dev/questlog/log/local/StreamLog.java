package dev.questlog.log.local;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One stream: {@code <dir>/<stream>/stream.properties} (its fixed partition count), a directory per partition and
 * the consumer groups. Thread-safe.
 */
final class StreamLog {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final String META = "stream.properties";

    final String name;
    final Path dir;
    final PartitionLog[] partitions;
    final GroupStore groups;
    final DataSignal signal = new DataSignal();
    private final AtomicInteger roundRobin = new AtomicInteger();

    private StreamLog(String name, Path dir, PartitionLog[] partitions, GroupStore groups) {
        this.name = name;
        this.dir = dir;
        this.partitions = partitions;
        this.groups = groups;
    }

    static String checkName(String stream) {
        if (stream == null || !NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream name must match " + NAME.pattern() + ", was '" + stream + "'");
        }
        return stream;
    }

    /**
     * Opens an existing stream directory (recovering its partitions and replaying what {@code recovered} holds for
     * them and they lack) or creates a new one. {@code journal} is null when appends are not made durable.
     */
    static StreamLog open(String name, Path dir, LogSettings settings, InstantSource clock, boolean clean,
                          MeterRegistry registry, Journal journal, JournalReader.Recovered recovered)
            throws IOException {
        int count = Files.exists(dir.resolve(META)) ? readPartitions(dir) : create(dir, settings.partitions());
        StreamLog[] self = new StreamLog[1];
        PartitionLog[] parts = new PartitionLog[count];
        LogMetrics metrics = new LogMetrics(registry, name);
        for (int p = 0; p < count; p++) {
            Path pdir = dir.resolve(Integer.toString(p));
            Segment[] segs = PartitionRecovery.recover(pdir, settings, clean, recovered.coveredFrom(name, p));
            parts[p] = new PartitionLog(name, p, pdir, settings, clock, () -> self[0].signal.signal(), metrics,
                    journal, segs);
            parts[p].replay(recovered.runs(name, p));
        }
        self[0] = new StreamLog(name, dir, parts, new GroupStore(dir.resolve("groups")));
        return self[0];
    }

    static int readPartitions(Path dir) throws IOException {
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve(META), StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        String value = props.getProperty("partitions");
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(META) + ": partitions must be a positive integer, was " + value);
        }
    }

    private static int create(Path dir, int partitions) throws IOException {
        Files.createDirectories(dir);
        for (int p = 0; p < partitions; p++) {
            Files.createDirectories(dir.resolve(Integer.toString(p)));
        }
        Durable.writeAtomically(dir.resolve(META),
                ("# fixed when the stream was created\npartitions=" + partitions + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        Durable.fsyncDirectory(dir.getParent());
        return partitions;
    }

    int nextRoundRobin() {
        return Math.floorMod(roundRobin.getAndIncrement(), partitions.length);
    }

    PartitionLog partition(int p) {
        if (p < 0 || p >= partitions.length) {
            throw new IllegalArgumentException("stream " + name + " has partitions 0.." + (partitions.length - 1)
                    + ", not " + p);
        }
        return partitions[p];
    }
}
