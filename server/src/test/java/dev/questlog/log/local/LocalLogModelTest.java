package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LogConfig;
import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ManualClock;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property test: random sequences of appends, reads, time seeks, commits and restarts against a plain in-memory
 * model (seeded java.util.Random generators; a failure prints the seed to replay it).
 */
class LocalLogModelTest {
    private static final String STREAM = "events";
    private static final int PARTITIONS = 3;

    sealed interface Op {
    }

    record Append(int key, int records, int valueBytes) implements Op {
    }

    record Advance(int millis) implements Op {
    }

    record Read(int partition, double at, int max) implements Op {
    }

    record Seek(int partition, double at, int delta) implements Op {
    }

    record Commit(int group, int partition, double at) implements Op {
    }

    record Reopen() implements Op {
    }

    record Rec(String value, long timestamp) {
    }

    /** A random sequence of operations; the same seed gives the same sequence. */
    static List<Op> ops(Random rnd) {
        List<Op> ops = new ArrayList<>();
        int n = 1 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
            int pick = rnd.nextInt(16);
            ops.add(pick < 6 ? new Append(rnd.nextInt(6), 1 + rnd.nextInt(6), rnd.nextInt(701))
                    : pick < 8 ? new Advance(rnd.nextInt(5001))
                    : pick < 11 ? new Read(rnd.nextInt(PARTITIONS), rnd.nextDouble(), 1 + rnd.nextInt(50))
                    : pick < 13 ? new Seek(rnd.nextInt(PARTITIONS), rnd.nextDouble(), rnd.nextInt(3) - 1)
                    : pick < 15 ? new Commit(rnd.nextInt(3), rnd.nextInt(PARTITIONS), rnd.nextDouble())
                    : new Reopen());
        }
        return ops;
    }

    @Test
    void behavesLikeTheModelForManyRandomSequences() throws Exception {
        long base = Long.getLong("questlog.test.seed", System.nanoTime());
        for (int run = 0; run < 40; run++) {
            long seed = base + run;
            List<Op> ops = ops(new Random(seed));
            try {
                behavesLikeTheModel(ops);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("model check failed for seed " + seed + " (rerun with -Dquestlog.test.seed="
                        + seed + "), operations " + ops, e);
            }
        }
    }

    private void behavesLikeTheModel(List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("questlog-log-model");
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        LogConfig config = new LogConfig("local", PARTITIONS, "group", Duration.ZERO, 1 << 20, 4 << 10,
                Duration.ofHours(1), Duration.ofDays(7), 0);
        Map<Integer, List<Rec>> model = new HashMap<>();
        Map<String, Map<Integer, Long>> committed = new HashMap<>();
        EventLog log = LocalLog.open(config, dir, clock);
        try {
            log.ensureStream(STREAM);
            int seq = 0;
            for (Op op : ops) {
                switch (op) {
                    case Append a -> {
                        List<LogRecord> records = new ArrayList<>();
                        byte[] key = ("key-" + a.key()).getBytes(StandardCharsets.UTF_8);
                        int p = log.partitionFor(STREAM, key);
                        List<Rec> part = model.computeIfAbsent(p, x -> new ArrayList<>());
                        for (int i = 0; i < a.records(); i++) {
                            String v = (seq++) + ":" + "z".repeat(a.valueBytes());
                            records.add(LogRecord.of(key, v.getBytes(StandardCharsets.UTF_8)));
                        }
                        List<Appended> acks = log.append(STREAM, records).join();
                        for (int i = 0; i < acks.size(); i++) {
                            assertThat(acks.get(i).partition()).isEqualTo(p);
                            assertThat(acks.get(i).offset()).isEqualTo(part.size());
                            assertThat(acks.get(i).timestampMillis()).isEqualTo(clock.millis());
                            part.add(new Rec(new String(records.get(i).value(), StandardCharsets.UTF_8),
                                    clock.millis()));
                        }
                    }
                    case Advance a -> clock.advance(Duration.ofMillis(a.millis()));
                    case Read r -> {
                        List<Rec> part = model.getOrDefault(r.partition(), List.of());
                        int from = (int) Math.floor(r.at() * part.size());
                        try (LogConsumer c = log.consumer(STREAM, "reader", Set.of(r.partition()),
                                StartPosition.offset(from))) {
                            List<ReadRecord> got = c.poll(r.max(), Duration.ZERO);
                            List<Rec> expected = part.subList(from, Math.min(part.size(), from + r.max()));
                            assertThat(got).hasSize(expected.size());
                            for (int i = 0; i < got.size(); i++) {
                                assertThat(got.get(i).offset()).isEqualTo(from + i);
                                assertThat(new String(got.get(i).value(), StandardCharsets.UTF_8))
                                        .isEqualTo(expected.get(i).value());
                                assertThat(got.get(i).timestampMillis()).isEqualTo(expected.get(i).timestamp());
                            }
                        }
                    }
                    case Seek s -> {
                        List<Rec> part = model.getOrDefault(s.partition(), List.of());
                        long ts = part.isEmpty() ? clock.millis()
                                : part.get((int) Math.min(part.size() - 1, s.at() * part.size())).timestamp()
                                + s.delta();
                        long expected = part.size();
                        for (int i = 0; i < part.size(); i++) {
                            if (part.get(i).timestamp() >= ts) {
                                expected = i;
                                break;
                            }
                        }
                        assertThat(log.offsetForTimestamp(STREAM, s.partition(), ts)).isEqualTo(expected);
                    }
                    case Commit c -> {
                        String group = "g" + c.group();
                        long offset = (long) Math.floor(c.at() * model.getOrDefault(c.partition(), List.of()).size());
                        try (LogConsumer consumer = log.consumer(STREAM, group, Set.of(c.partition()),
                                StartPosition.earliest())) {
                            consumer.commit(Map.of(c.partition(), offset));
                        }
                        committed.computeIfAbsent(group, g -> new HashMap<>()).put(c.partition(), offset);
                    }
                    case Reopen r -> {
                        log.close();
                        log = LocalLog.open(config, dir, clock);
                    }
                }
                for (int p = 0; p < PARTITIONS; p++) {
                    assertThat(log.endOffset(STREAM, p)).isEqualTo(model.getOrDefault(p, List.of()).size());
                }
                for (Map.Entry<String, Map<Integer, Long>> g : committed.entrySet()) {
                    assertThat(log.committed(STREAM, g.getKey())).isEqualTo(g.getValue());
                }
            }
        } finally {
            log.close();
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
