package dev.questlog.bench;

import dev.questlog.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives appends into a {@link Target}: closed loop (one thread per appender, each waits for its ack, then sends
 * the next batch) or paced (appenders send on a fixed schedule from a few sender threads without waiting; latency
 * counts from the scheduled time, so a stall is not hidden by coordinated omission).
 */
final class AppendLoad {
    static final int VALUE_BYTES = 250;
    static final int PLAYERS = 10_000;

    /**
     * @param recordsPerSecond records acknowledged per second while measuring
     * @param latency          append-to-ack latency in nanoseconds, per batch
     */
    record Result(double recordsPerSecond, Histogram latency, Histogram[] perSecond) {
        /** One line per measured second: appends, p50, p99 and max latency (ms) of the appends scheduled in it. */
        String timeline() {
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < perSecond.length; s++) {
                Histogram h = perSecond[s];
                sb.append(String.format(Locale.ROOT, "  second %2d: appends %6d p50 %6.2f p99 %7.2f max %7.2f ms%n",
                        s, h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                        h.getMaxValue() / 1e6));
            }
            return sb.toString();
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1e6;
        }
    }

    private AppendLoad() {
    }

    /**
     * The pre-built batches of appender {@code appender}, built once per JVM and shared by every scenario: building
     * them anew per scenario put ~17 MB of fresh generator data into the young generation right before the paced
     * measurement, which G1 then copied between survivor spaces for several collections (50-60 ms pauses that were
     * the generator's, not the log's).
     */
    static List<List<LogRecord>> batchesOf(int appender, int size) {
        return BATCHES.computeIfAbsent(List.of(appender, size), k -> batches(8, size, appender));
    }

    private static final Map<List<Integer>, List<List<LogRecord>>> BATCHES = new ConcurrentHashMap<>();

    /** Pre-built batches of {@code size} records: 250-byte values, keys over 10,000 players. */
    static List<List<LogRecord>> batches(int count, int size, long seed) {
        Random rnd = new Random(seed);
        List<List<LogRecord>> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<LogRecord> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                byte[] value = new byte[VALUE_BYTES];
                for (int k = 0; k < value.length; k++) {
                    value[k] = (byte) ('a' + rnd.nextInt(26));
                }
                byte[] key = String.format("player-%06d", rnd.nextInt(PLAYERS)).getBytes(StandardCharsets.UTF_8);
                batch.add(LogRecord.of(key, value));
            }
            out.add(List.copyOf(batch));
        }
        return out;
    }

    /**
     * Runs {@code appenders} threads for warm-up plus measurement; with {@code ratePerSecond} > 0 they are paced to
     * that total record rate, otherwise each sends as fast as its acks come back.
     */
    static Result run(Target target, int appenders, int batchSize, double ratePerSecond, long warmupMillis,
                      long measureMillis) throws InterruptedException {
        if (ratePerSecond > 0) {
            return paced(target, appenders, batchSize, ratePerSecond, warmupMillis, measureMillis);
        }
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder records = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        prepare(appenders, batchSize);
        long start = System.nanoTime();
        long measureStart = start + warmupMillis * 1_000_000;
        Histogram[] perSecond = perSecond(measureMillis);
        for (int t = 0; t < appenders; t++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            histograms.add(h);
            List<List<LogRecord>> batches = batchesOf(t, batchSize);
            threads.add(Thread.ofPlatform().name("appender-" + t).start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    long t0 = System.nanoTime();
                    try {
                        target.append(batches.get(i & 7));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        stop.set(true);
                        return;
                    }
                    if (measuring.get()) {
                        long nanos = Math.min(System.nanoTime() - t0, h.getHighestTrackableValue());
                        h.recordValue(nanos);
                        records.add(batchSize);
                        recordSecond(perSecond, t0 - measureStart, nanos);
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (measureStart - System.nanoTime()) / 1_000_000));
        measuring.set(true);
        long m0 = System.nanoTime();
        Thread.sleep(measureMillis);
        measuring.set(false);
        long m1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(target.name() + ": an append failed", failure.get());
        }
        Histogram all = new Histogram(60_000_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(records.sum() / ((m1 - m0) / 1e9), all, perSecond);
    }

    /**
     * Paced (open loop): {@code appenders} logical appenders, each with one append of {@code batchSize} records every
     * {@code appenders * batchSize / ratePerSecond} seconds, their schedules evenly interleaved. A few sender threads
     * issue the appends at their scheduled times with {@link Target#appendAsync} (as the ingest collector does: it
     * does not block a thread per append), and each append's latency is recorded when it is acknowledged, from its
     * scheduled time. A sender that falls behind sends at once, so a stall shows as latency (no coordinated
     * omission). An earlier version ran one blocking thread per appender: 64 threads parking and waking ~11,000
     * times a second competed with the log for the two cores and made the generator part of what was measured.
     */
    private static Result paced(Target target, int appenders, int batchSize, double ratePerSecond, long warmupMillis,
                                long measureMillis) throws InterruptedException {
        prepare(appenders, batchSize);
        int senders = Math.min(SENDERS, appenders);
        long interval = (long) (1e9 * batchSize / ratePerSecond); // between two appends, all appenders together
        long start = System.nanoTime() + 10_000_000;
        long measureStart = start + warmupMillis * 1_000_000;
        long measureEnd = measureStart + measureMillis * 1_000_000;
        ConcurrentHistogram all = new ConcurrentHistogram(60_000_000_000L, 3);
        Histogram[] perSecond = perSecond(measureMillis);
        LongAdder measured = new LongAdder();
        AtomicLong outstanding = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < senders; k++) {
            int sender = k;
            threads.add(Thread.ofPlatform().name("sender-" + k).start(() -> {
                for (long n = sender; failure.get() == null; n += senders) {
                    long scheduled = start + n * interval;
                    if (scheduled >= measureEnd) {
                        return;
                    }
                    long now;
                    while ((now = System.nanoTime()) < scheduled) {
                        LockSupport.parkNanos(scheduled - now); // may return early: loop until the scheduled time
                    }
                    int appender = (int) (n % appenders);
                    List<LogRecord> batch = batchesOf(appender, batchSize).get((int) (n / appenders) & 7);
                    boolean counted = scheduled >= measureStart;
                    outstanding.incrementAndGet();
                    target.appendAsync(batch).whenComplete((ok, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else if (counted) {
                            long nanos = Math.min(System.nanoTime() - scheduled, all.getHighestTrackableValue());
                            all.recordValue(nanos);
                            measured.add(batchSize);
                            recordSecond(perSecond, scheduled - measureStart, nanos);
                        }
                        outstanding.decrementAndGet();
                    });
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(1);
        }
        if (failure.get() != null || outstanding.get() > 0) {
            throw new IllegalStateException(target.name() + ": an append failed or was never acknowledged",
                    failure.get());
        }
        return new Result(measured.sum() / (measureMillis / 1e3), all, perSecond);
    }

    /** Sender threads of the paced load. */
    private static final int SENDERS = 4;

    private static void prepare(int appenders, int batchSize) {
        for (int t = 0; t < appenders; t++) {
            batchesOf(t, batchSize);
        }
        System.gc(); // every scenario starts with the generator's data in the old generation and an empty young one
    }

    private static Histogram[] perSecond(long measureMillis) {
        Histogram[] perSecond = new Histogram[(int) ((measureMillis + 999) / 1000)];
        for (int s = 0; s < perSecond.length; s++) {
            perSecond[s] = new ConcurrentHistogram(60_000_000_000L, 2);
        }
        return perSecond;
    }

    private static void recordSecond(Histogram[] perSecond, long sinceMeasureStart, long nanos) {
        int second = (int) (sinceMeasureStart / 1_000_000_000L);
        if (sinceMeasureStart >= 0 && second < perSecond.length) {
            perSecond[second].recordValue(nanos);
        }
    }

    /** CPU time this JVM has used so far, all threads. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
