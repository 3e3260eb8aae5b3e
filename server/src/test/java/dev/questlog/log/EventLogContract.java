package dev.questlog.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} must do, whatever its backend. A backend's test extends this class and says how to
 * open (and reopen, on the same storage) the log under test.
 */
public abstract class EventLogContract {
    protected static final String STREAM = "events";
    protected final ManualClock clock = new ManualClock(1_700_000_000_000L);
    protected EventLog log;

    /** Opens the log under test on this test's storage (the same storage again after {@link #reopen}). */
    protected abstract EventLog open();

    /** Whether the backend stamps records with {@link #clock} and runs retention by it. */
    protected boolean controlsClock() {
        return true;
    }

    @BeforeEach
    void openLog() {
        log = open();
        log.ensureStream(STREAM);
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    protected void reopen() {
        log.close();
        log = open();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    protected List<Appended> append(String key, String... values) {
        List<LogRecord> records = new ArrayList<>();
        for (String v : values) {
            records.add(LogRecord.of(bytes(key), bytes(v)));
        }
        return log.append(STREAM, records).join();
    }

    /** Reads everything currently in the given partitions from the earliest offset, with a throwaway group. */
    protected List<ReadRecord> readAll(Set<Integer> partitions) throws InterruptedException {
        long total = 0;
        for (int p : partitions) {
            total += log.endOffset(STREAM, p) - log.startOffset(STREAM, p);
        }
        List<ReadRecord> out = new ArrayList<>();
        try (LogConsumer c = log.consumer(STREAM, "reader-" + System.nanoTime(), partitions,
                StartPosition.earliest())) {
            while (out.size() < total) {
                List<ReadRecord> batch = c.poll(1000, Duration.ofSeconds(5));
                assertThat(batch).as("records still to read: %d", total - out.size()).isNotEmpty();
                out.addAll(batch);
            }
            assertThat(c.poll(10, Duration.ZERO)).isEmpty();
        }
        return out;
    }

    protected Set<Integer> allPartitions() {
        return IntStream.range(0, log.partitions(STREAM)).boxed().collect(Collectors.toSet());
    }

    @Test
    void appendsAreReadBackInOrderWithDenseOffsets() throws Exception {
        Map<Integer, List<String>> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String key = "player-" + (i % 7);
            Appended a = append(key, "event-" + i).get(0);
            assertThat(a.partition()).isEqualTo(log.partitionFor(STREAM, bytes(key)));
            List<String> values = expected.computeIfAbsent(a.partition(), p -> new ArrayList<>());
            assertThat(a.offset()).isEqualTo(values.size());
            values.add("event-" + i);
        }
        for (int p : allPartitions()) {
            List<String> read = readAll(Set.of(p)).stream().map(r -> text(r.value())).toList();
            assertThat(read).isEqualTo(expected.getOrDefault(p, List.of()));
            assertThat(log.endOffset(STREAM, p)).isEqualTo(read.size());
        }
    }

    @Test
    void oneAppendAcrossPartitionsReturnsPositionsInInputOrder() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new LogRecord(bytes("k" + i), bytes("v" + i), Map.of("h", bytes("x" + i))));
        }
        List<Appended> acks = log.append(STREAM, records).join();
        assertThat(acks).hasSize(50);
        Map<String, ReadRecord> byValue = new HashMap<>();
        readAll(allPartitions()).forEach(r -> byValue.put(text(r.value()), r));
        for (int i = 0; i < 50; i++) {
            ReadRecord r = byValue.get("v" + i);
            assertThat(r.partition()).isEqualTo(acks.get(i).partition());
            assertThat(r.offset()).isEqualTo(acks.get(i).offset());
            assertThat(r.partition()).isEqualTo(log.partitionFor(STREAM, bytes("k" + i)));
            assertThat(text(r.key())).isEqualTo("k" + i);
            assertThat(text(r.headers().get("h"))).isEqualTo("x" + i);
        }
    }

    @Test
    void keyToPartitionIsStableAndSpreads() {
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] key = bytes("client-" + i);
            int p = log.partitionFor(STREAM, key);
            assertThat(p).isBetween(0, log.partitions(STREAM) - 1).isEqualTo(log.partitionFor(STREAM, key));
            seen.add(p);
        }
        assertThat(seen).hasSize(log.partitions(STREAM));
        int before = log.partitionFor(STREAM, bytes("client-42"));
        reopen();
        assertThat(log.partitionFor(STREAM, bytes("client-42"))).isEqualTo(before);
    }

    @Test
    void keylessRecordsSpreadOverPartitions() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 4 * log.partitions(STREAM); i++) {
            used.add(log.append(STREAM, List.of(LogRecord.of(new byte[0], bytes("x" + i)))).join().get(0).partition());
        }
        assertThat(used).hasSize(log.partitions(STREAM));
    }

    @Test
    void concurrentAppendersGetNoGapsAndNoDuplicates() throws Exception {
        int threads = 8;
        int appendsPerThread = 150;
        ConcurrentLinkedQueue<Appended> acks = new ConcurrentLinkedQueue<>();
        Map<String, String> valueAt = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random rnd = new Random(thread);
                    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
                    for (int i = 0; i < appendsPerThread; i++) {
                        List<LogRecord> records = new ArrayList<>();
                        List<String> values = new ArrayList<>();
                        for (int r = 0; r < 1 + rnd.nextInt(5); r++) {
                            String v = thread + "-" + i + "-" + r;
                            values.add(v);
                            records.add(LogRecord.of(bytes("k" + rnd.nextInt(50)), bytes(v)));
                        }
                        inFlight.add(log.append(STREAM, records).thenAccept(list -> {
                            for (int r = 0; r < list.size(); r++) {
                                acks.add(list.get(r));
                                valueAt.put(list.get(r).partition() + "@" + list.get(r).offset(), values.get(r));
                            }
                        }));
                        if (inFlight.size() > 4) {
                            inFlight.remove(0).join();
                        }
                    }
                    inFlight.forEach(CompletableFuture::join);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, List<Long>> offsets = acks.stream().collect(Collectors.groupingBy(Appended::partition,
                Collectors.mapping(Appended::offset, Collectors.toList())));
        offsets.forEach((p, list) -> {
            assertThat(new TreeSet<>(list)).hasSize(list.size());
            assertThat(new TreeSet<>(list)).containsExactlyElementsOf(
                    IntStream.range(0, list.size()).mapToObj(i -> (long) i).toList());
            assertThat(log.endOffset(STREAM, p)).isEqualTo(list.size());
        });
        for (ReadRecord r : readAll(allPartitions())) {
            assertThat(text(r.value())).isEqualTo(valueAt.get(r.partition() + "@" + r.offset()));
        }
        assertThat(readAll(allPartitions())).hasSize(acks.size());
    }

    @Test
    void timeSeekFindsTheFirstRecordAtOrAfterATimestamp() throws Exception {
        List<Appended> acks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            acks.addAll(append("same-key", "a" + i, "b" + i));
            if (controlsClock()) {
                clock.advance(Duration.ofSeconds(1 + i % 3));
            } else {
                Thread.sleep(2);
            }
        }
        int p = acks.get(0).partition();
        for (Appended target : List.of(acks.get(0), acks.get(31), acks.get(77), acks.get(119))) {
            long ts = target.timestampMillis();
            long expected = acks.stream().filter(a -> a.timestampMillis() >= ts).mapToLong(Appended::offset).min()
                    .orElseThrow();
            assertThat(log.offsetForTimestamp(STREAM, p, ts)).isEqualTo(expected);
            try (LogConsumer c = log.consumer(STREAM, "seek-" + ts, Set.of(p), StartPosition.timestamp(ts))) {
                assertThat(c.poll(1, Duration.ofSeconds(5)).get(0).offset()).isEqualTo(expected);
            }
        }
        assertThat(log.offsetForTimestamp(STREAM, p, 0)).isEqualTo(0);
        long last = acks.get(acks.size() - 1).timestampMillis();
        assertThat(log.offsetForTimestamp(STREAM, p, last + 1)).isEqualTo(log.endOffset(STREAM, p));
    }

    @Test
    void groupsFanOutCommitAndReportLag() throws Exception {
        for (int i = 0; i < 100; i++) {
            append("k" + i, "v" + i);
        }
        Set<Integer> all = allPartitions();
        int half;
        try (LogConsumer a = log.consumer(STREAM, "lake", all, StartPosition.earliest());
             LogConsumer b = log.consumer(STREAM, "hot", all, StartPosition.earliest())) {
            List<ReadRecord> fromA = drain(a, 100);
            assertThat(drain(b, 100)).hasSize(100);
            half = 0;
            Map<Integer, Long> commit = new HashMap<>();
            for (ReadRecord r : fromA.subList(0, 40)) {
                commit.merge(r.partition(), r.offset() + 1, Math::max);
            }
            for (long v : commit.values()) {
                half += (int) v;
            }
            a.commit(commit);
            assertThat(log.committed(STREAM, "lake")).isEqualTo(commit);
            b.commit(b.positions());
        }
        assertThat(log.groups(STREAM)).contains("lake", "hot");
        assertThat(log.lag(STREAM, "lake").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100 - half);
        assertThat(log.lag(STREAM, "hot").values().stream().mapToLong(Long::longValue).sum()).isZero();
        try (LogConsumer again = log.consumer(STREAM, "lake", all, StartPosition.earliest())) {
            assertThat(drain(again, 100 - half)).hasSize(100 - half);
        }
    }

    @Test
    void workersOfOneGroupOverDisjointPartitionsCommitIndependently() throws Exception {
        for (int i = 0; i < 50; i++) {
            append("k" + i, "v" + i);
        }
        int n = log.partitions(STREAM);
        Set<Integer> even = IntStream.range(0, n).filter(p -> p % 2 == 0).boxed().collect(Collectors.toSet());
        Set<Integer> odd = IntStream.range(0, n).filter(p -> p % 2 == 1).boxed().collect(Collectors.toSet());
        try (LogConsumer w1 = log.consumer(STREAM, "warehouse", even, StartPosition.earliest());
             LogConsumer w2 = log.consumer(STREAM, "warehouse", odd, StartPosition.earliest())) {
            long total = 0;
            for (int p = 0; p < n; p++) {
                total += log.endOffset(STREAM, p);
            }
            List<ReadRecord> r1 = drainAvailable(w1);
            List<ReadRecord> r2 = drainAvailable(w2);
            assertThat(r1.size() + r2.size()).isEqualTo(total);
            w1.commit(w1.positions());
            w2.commit(w2.positions());
        }
        assertThat(log.lag(STREAM, "warehouse").values()).allMatch(l -> l == 0);
    }

    @Test
    void pollWaitsForNewRecords() throws Exception {
        try (LogConsumer c = log.consumer(STREAM, "live", allPartitions(), StartPosition.latest())) {
            assertThat(c.poll(10, Duration.ofMillis(20))).isEmpty();
            CompletableFuture<List<Appended>> later = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return append("late", "hello");
            });
            List<ReadRecord> got = c.poll(10, Duration.ofSeconds(30));
            assertThat(got).extracting(r -> text(r.value())).containsExactly("hello");
            later.join();
        }
    }

    @Test
    void everythingSurvivesReopen() throws Exception {
        List<Appended> first = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            first.addAll(append("k" + (i % 5), "v" + i));
        }
        try (LogConsumer c = log.consumer(STREAM, "lake", allPartitions(), StartPosition.earliest())) {
            drain(c, 10);
            c.commit(c.positions());
        }
        Map<Integer, Long> committed = log.committed(STREAM, "lake");
        Map<Integer, Long> ends = new HashMap<>();
        allPartitions().forEach(p -> ends.put(p, log.endOffset(STREAM, p)));
        List<String> before = readAll(allPartitions()).stream().map(r -> r.partition() + "@" + r.offset() + "="
                + text(r.value())).sorted().toList();
        reopen();
        assertThat(log.streams()).contains(STREAM);
        assertThat(log.committed(STREAM, "lake")).isEqualTo(committed);
        allPartitions().forEach(p -> assertThat(log.endOffset(STREAM, p)).isEqualTo(ends.get(p)));
        assertThat(readAll(allPartitions()).stream().map(r -> r.partition() + "@" + r.offset() + "="
                + text(r.value())).sorted().toList()).isEqualTo(before);
        Appended next = append("k0", "after").get(0);
        assertThat(next.offset()).isEqualTo(ends.get(next.partition()));
    }

    @Test
    void offsetsOutsideTheLogAreRejected() {
        append("k", "a", "b", "c");
        int p = log.partitionFor(STREAM, bytes("k"));
        try (LogConsumer c = log.consumer(STREAM, "x", Set.of(p), StartPosition.earliest())) {
            assertThatThrownBy(() -> c.seek(p, StartPosition.offset(4)))
                    .isInstanceOf(OffsetOutOfRangeException.class);
            c.seek(p, StartPosition.offset(3));
            assertThat(c.positions()).containsEntry(p, 3L);
        }
        assertThatThrownBy(() -> log.append("no-such-stream", List.of(LogRecord.of(bytes("k"), bytes("v")))).join())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retentionDeletesOldRecordsAndReadersBehindItGetAClearError() throws Exception {
        assumeTrue(controlsClock(), "retention is driven by the test clock");
        String key = "old";
        int p = log.partitionFor(STREAM, bytes(key));
        for (int i = 0; i < 200; i++) {
            append(key, "x".repeat(200) + i);
        }
        long end = log.endOffset(STREAM, p);
        try (LogConsumer c = log.consumer(STREAM, "slow", Set.of(p), StartPosition.earliest())) {
            clock.advance(Duration.ofDays(8));
            append(key, "fresh");
            log.enforceRetention();
            assertThat(log.startOffset(STREAM, p)).isEqualTo(end);
            assertThat(log.endOffset(STREAM, p)).isEqualTo(end + 1);
            // a remote log (Kafka) reports it with the answer to the fetch, so give that answer time to come
            assertThatThrownBy(() -> c.poll(10, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(OffsetOutOfRangeException.class, e -> {
                        assertThat(e.requested()).isZero();
                        assertThat(e.earliest()).isEqualTo(end);
                    });
            c.seek(p, StartPosition.earliest());
            assertThat(c.poll(10, Duration.ofSeconds(5))).extracting(r -> text(r.value())).containsExactly("fresh");
        }
        assertThat(log.lag(STREAM, "nobody")).containsEntry(p, 1L);
    }

    protected static List<ReadRecord> drain(LogConsumer c, int count) throws InterruptedException {
        List<ReadRecord> out = new ArrayList<>();
        while (out.size() < count) {
            List<ReadRecord> batch = c.poll(count - out.size(), Duration.ofSeconds(5));
            assertThat(batch).isNotEmpty();
            out.addAll(batch);
        }
        return out;
    }

    /**
     * Reads the consumer's partitions up to their end offsets, then checks that nothing more comes. (An empty poll
     * alone does not mean "all read": a remote log may still be fetching when a short poll times out.)
     */
    private List<ReadRecord> drainAvailable(LogConsumer c) throws InterruptedException {
        long available = 0;
        for (int p : c.partitions()) {
            available += log.endOffset(STREAM, p) - c.positions().get(p);
        }
        List<ReadRecord> out = drain(c, (int) available);
        assertThat(c.poll(1000, Duration.ofMillis(50))).isEmpty();
        return out;
    }
}
