package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.LogConfig;
import dev.questlog.log.CorruptLogException;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ManualClock;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages segment files the way crashes and bad disks do, reopens, and checks that exactly a valid prefix of what
 * was appended comes back (never a damaged or phantom record), or that open fails naming the file and position.
 */
class LocalLogRecoveryTest {
    private static final String STREAM = "events";
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @TempDir
    Path tmp;

    private static LogConfig config(long segmentBytes) {
        // fsync none: recovery does not depend on it, and the many small appends stay fast
        return new LogConfig("local", 1, "none", Duration.ZERO, 1 << 20, segmentBytes, Duration.ofHours(1),
                Duration.ofDays(7), 0);
    }

    /** Appends {@code batches} batches of 1..8 records; returns each batch's values. */
    private List<List<String>> fill(Path dir, int batches, long seed, long segmentBytes) {
        Random rnd = new Random(seed);
        List<List<String>> written = new ArrayList<>();
        try (EventLog log = LocalLog.open(config(segmentBytes), dir, clock)) {
            log.ensureStream(STREAM);
            for (int b = 0; b < batches; b++) {
                List<String> values = new ArrayList<>();
                List<LogRecord> records = new ArrayList<>();
                for (int r = 0; r < 1 + rnd.nextInt(8); r++) {
                    String v = "b" + b + "r" + r + "-" + "x".repeat(rnd.nextInt(300));
                    values.add(v);
                    records.add(LogRecord.of("k".getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
                }
                log.append(STREAM, records).join();
                written.add(values);
                clock.advance(Duration.ofMillis(rnd.nextInt(1000)));
            }
        }
        return written;
    }

    private static Path segment(Path dir) {
        return dir.resolve(STREAM).resolve("0").resolve(Segment.fileName(0) + ".log");
    }

    /** Start positions of the batches in a segment file, read straight from the length prefixes. */
    private static List<Long> batchStarts(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Long> starts = new ArrayList<>();
        int pos = 0;
        while (pos < b.limit()) {
            starts.add((long) pos);
            pos += b.getInt(pos) + 4;
        }
        return starts;
    }

    private List<String> readAll(Path dir) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (EventLog log = LocalLog.open(config(1 << 30), dir, clock)) {
            long end = log.endOffset(STREAM, 0);
            try (LogConsumer c = log.consumer(STREAM, "check", Set.of(0), StartPosition.earliest())) {
                while (out.size() < end) {
                    List<ReadRecord> got = c.poll(1000, Duration.ofSeconds(5));
                    assertThat(got).isNotEmpty();
                    for (ReadRecord r : got) {
                        assertThat(r.offset()).isEqualTo(out.size());
                        out.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            // the log takes appends again right after the valid prefix
            long next = log.append(STREAM, List.of(LogRecord.of(new byte[] {1}, new byte[] {2}))).join().get(0)
                    .offset();
            assertThat(next).isEqualTo(end);
        }
        return out;
    }

    private static List<String> flatten(List<List<String>> batches, int count) {
        return batches.subList(0, count).stream().flatMap(List::stream).toList();
    }

    @Test
    void truncationAtAnyByteLeavesExactlyTheWholeBatchesBeforeIt() throws Exception {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            Path dir = tmp.resolve("t" + trial);
            List<List<String>> written = fill(dir, 30, trial, 1 << 30);
            Path seg = segment(dir);
            List<Long> starts = batchStarts(seg);
            long size = Files.size(seg);
            long cut = rnd.nextLong(size + 1);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.setLength(cut);
            }
            if (rnd.nextBoolean()) {
                Files.deleteIfExists(dir.resolve(LocalEventLog.CLEAN_MARKER)); // as after kill -9
            }
            int whole = 0;
            for (int b = 0; b < starts.size(); b++) {
                long end = b + 1 < starts.size() ? starts.get(b + 1) : size;
                if (end <= cut) {
                    whole = b + 1;
                }
            }
            assertThat(readAll(dir)).as("trial %d, cut at %d of %d", trial, cut, size)
                    .isEqualTo(flatten(written, whole));
        }
    }

    @Test
    void aDamagedByteIsATornTailInTheLastBatchAndAnErrorAnywhereElse() throws Exception {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            Path dir = tmp.resolve("c" + trial);
            List<List<String>> written = fill(dir, 20, 100 + trial, 1 << 30);
            Path seg = segment(dir);
            List<Long> starts = batchStarts(seg);
            long size = Files.size(seg);
            long at = trial % 4 == 0 ? starts.get(starts.size() - 1) + rnd.nextLong(size - starts.getLast())
                    : rnd.nextLong(size);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.seek(at);
                int old = f.read();
                f.seek(at);
                f.write(old ^ (1 + rnd.nextInt(255)));
            }
            Files.deleteIfExists(dir.resolve(LocalEventLog.CLEAN_MARKER));
            int batch = 0;
            while (batch + 1 < starts.size() && starts.get(batch + 1) <= at) {
                batch++;
            }
            long batchStart = starts.get(batch);
            if (batch == starts.size() - 1) {
                assertThat(readAll(dir)).as("trial %d, byte %d in the last batch", trial, at)
                        .isEqualTo(flatten(written, batch));
            } else {
                assertThatThrownBy(() -> readAll(dir)).as("trial %d, byte %d in batch %d", trial, at, batch)
                        .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                            assertThat(e.file()).isEqualTo(seg);
                            assertThat(e.position()).isEqualTo(batchStart);
                        });
            }
        }
    }

    @Test
    void damageFoundAfterACleanShutdownIsReportedWhenRead() throws Exception {
        Path dir = tmp.resolve("clean");
        fill(dir, 300, 3, 1 << 30); // well past the 16 KiB index interval: open trusts the early batches

        Path seg = segment(dir);
        long middle = batchStarts(seg).get(10);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(middle + 40);
            f.write(f.read() ^ 0xFF);
        }
        assertThat(dir.resolve(LocalEventLog.CLEAN_MARKER)).exists();
        try (EventLog log = LocalLog.open(config(1 << 30), dir, clock);
             LogConsumer c = log.consumer(STREAM, "g", Set.of(0), StartPosition.earliest())) {
            List<ReadRecord> got = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (true) {
                    got.addAll(c.poll(1000, Duration.ofMillis(10)));
                }
            }).isInstanceOfSatisfying(CorruptLogException.class, e -> assertThat(e.position()).isEqualTo(middle));
            assertThat(got).allMatch(r -> new String(r.value(), StandardCharsets.UTF_8).startsWith("b"));
        }
    }

    @Test
    void damagedOrMissingIndexesAreRebuilt() throws Exception {
        Path dir = tmp.resolve("idx");
        List<List<String>> written = fill(dir, 200, 5, 16 << 10);
        Path pdir = dir.resolve(STREAM).resolve("0");
        List<Path> indexes;
        try (var files = Files.list(pdir)) {
            indexes = files.filter(f -> f.toString().endsWith("index")).toList();
        }
        assertThat(indexes.size()).isGreaterThan(4);
        Random rnd = new Random(1);
        for (Path f : indexes) {
            switch (rnd.nextInt(3)) {
                case 0 -> Files.delete(f);
                case 1 -> Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
                default -> Files.write(f, new byte[0]);
            }
        }
        assertThat(readAll(dir)).isEqualTo(flatten(written, written.size()));
        try (EventLog log = LocalLog.open(config(16 << 10), dir, clock)) {
            for (long o = 0; o < log.endOffset(STREAM, 0); o += 37) {
                try (LogConsumer c = log.consumer(STREAM, "at" + o, Set.of(0), StartPosition.offset(o))) {
                    assertThat(c.poll(1, Duration.ofSeconds(1)).get(0).offset()).isEqualTo(o);
                }
            }
        }
    }
}
