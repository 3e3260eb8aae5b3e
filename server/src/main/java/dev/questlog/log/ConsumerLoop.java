package dev.questlog.log;

import dev.questlog.metrics.StageMetrics;
import dev.questlog.metrics.ThrottledLog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer shape the stages share: one thread, one consumer of a group over every partition of a stream, and
 * the lifecycle poll → {@link Stage#handle} → commit what {@link Stage#durable} says is durable → lag metric →
 * … → on close: {@link Stage#drain}, commit, close the consumer. A partition that fell behind retention is moved to
 * its earliest record.
 *
 * <p>Failures: a stage skips and counts the records it cannot use itself; anything that throws out of the stage
 * (its store is down, the disk is full) or out of the log (poll, commit) is logged (throttled), makes
 * {@link #healthy} false, and is retried after a back-off (100 ms doubling up to 10 s) — never skipped: the failed
 * batch is handled again, or after {@link Recovery#REWIND} everything from the group's committed offsets is read
 * again. Health comes back with the first step that succeeds.
 *
 * <p>Thread-safety: the stage's methods run on the loop's thread only; {@link #healthy} and {@link #close} may be
 * called from any thread.
 */
public final class ConsumerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final long LAG_EVERY_NANOS = 500_000_000L;

    /** What a stage does with what the loop reads. Its methods are called from the loop's thread only. */
    public interface Stage {
        /**
         * Processes one batch (empty when the poll found nothing: a chance for time-driven work). Records the stage
         * cannot use are skipped and counted, not thrown; a throw means the stage's store failed, and the loop calls
         * {@link #recover} and then, unless it rewinds, this method again with the same batch.
         */
        void handle(List<ReadRecord> batch) throws InterruptedException;

        /** Next offsets per partition whose output became durable since the last call (empty when none). */
        Map<Integer, Long> durable();

        /** On close: makes what was handled durable, waiting for it, and returns the next offsets to commit. */
        Map<Integer, Long> drain();

        /** After a failure and its back-off: gets ready to go on, and says how. */
        default Recovery recover() {
            return Recovery.RETRY;
        }
    }

    /** How the loop goes on after a failure. */
    public enum Recovery {
        /** Handle the batch that failed again (the stage's output so far is intact). */
        RETRY,
        /** Read again from the group's committed offsets (the stage dropped what was not durable yet). */
        REWIND
    }

    private final EventLog log;
    private final String stream;
    private final String group;
    private final int maxBatch;
    private final Stage stage;
    private final StageMetrics metrics;
    private final ThrottledLog failures;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<Integer, Long> toCommit = new HashMap<>();
    private volatile boolean healthy = true;
    private long lagUpdatedNanos = System.nanoTime() - LAG_EVERY_NANOS;

    private ConsumerLoop(EventLog log, String stream, String group, int maxBatch, Stage stage, StageMetrics metrics,
                         InstantSource clock) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.log = log;
        this.stream = stream;
        this.group = group;
        this.maxBatch = maxBatch;
        this.stage = stage;
        this.metrics = metrics;
        this.failures = new ThrottledLog(LOG, Duration.ofSeconds(10), clock);
        this.thread = Thread.ofPlatform().name(group + "-consumer").daemon().unstarted(this::run);
    }

    /**
     * Creates {@code stream} if needed (producers may append as soon as this returns) and starts consuming it as
     * {@code group}, from the committed offsets (the earliest record where nothing was committed).
     */
    public static ConsumerLoop start(EventLog log, String stream, String group, int maxBatch, Stage stage,
                                     StageMetrics metrics, InstantSource clock) {
        ConsumerLoop loop = new ConsumerLoop(log, stream, group, maxBatch, stage, metrics, clock);
        log.ensureStream(stream);
        loop.thread.start();
        return loop;
    }

    /** False while failures are being retried, and once the loop ended. */
    public boolean healthy() {
        return healthy && thread.isAlive();
    }

    private void run() {
        Set<Integer> all = IntStream.range(0, log.ensureStream(stream)).boxed().collect(Collectors.toSet());
        try (LogConsumer consumer = log.consumer(stream, group, all, StartPosition.earliest())) {
            loop(consumer);
            drain(consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("{}: the consumer of {} stopped", group, stream, e);
        }
    }

    private void loop(LogConsumer consumer) throws InterruptedException {
        List<ReadRecord> batch = null; // non-null while a batch waits to be handled (again)
        boolean recovering = false;
        long backoff = MIN_BACKOFF_MILLIS;
        while (stopping.getCount() > 0) {
            try {
                if (recovering) {
                    if (stage.recover() == Recovery.REWIND) {
                        batch = null;
                        rewind(consumer);
                    }
                    recovering = false;
                }
                if (batch == null) {
                    batch = poll(consumer);
                }
                stage.handle(batch);
                batch = null;
                merge(stage.durable());
                commit(consumer);
                updateLag(consumer);
                if (!healthy) {
                    LOG.info("{}: consuming {} works again", group, stream);
                    healthy = true;
                }
                backoff = MIN_BACKOFF_MILLIS;
            } catch (RuntimeException e) {
                healthy = false;
                recovering = true;
                failures.warn("{}: consuming {} failed, retrying in {} ms: {}", group, stream, backoff, e.toString());
                if (stopping.await(backoff, TimeUnit.MILLISECONDS)) {
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void drain(LogConsumer consumer) {
        try {
            merge(stage.drain());
            commit(consumer);
        } catch (RuntimeException e) {
            // Nothing is lost: what was not committed is read again on the next start.
            LOG.warn("{}: final commit on {} failed: {}", group, stream, e.toString());
        }
    }

    private List<ReadRecord> poll(LogConsumer consumer) throws InterruptedException {
        try {
            return consumer.poll(maxBatch, POLL_TIMEOUT);
        } catch (OffsetOutOfRangeException e) {
            LOG.warn("{}: {}", group, e.getMessage());
            consumer.seek(e.partition(), StartPosition.earliest());
            return List.of();
        }
    }

    private void merge(Map<Integer, Long> durable) {
        durable.forEach((p, next) -> toCommit.merge(p, next, Math::max));
    }

    /** Commits what is pending; on failure keeps it, to commit with the next success. */
    private void commit(LogConsumer consumer) {
        if (!toCommit.isEmpty()) {
            consumer.commit(Map.copyOf(toCommit));
            toCommit.clear();
        }
    }

    /** Moves every partition back to the group's committed offset (its earliest record where there is none). */
    private void rewind(LogConsumer consumer) {
        toCommit.clear(); // the stage dropped the output these offsets stood for
        Map<Integer, Long> committed = log.committed(stream, group);
        for (int p : consumer.partitions()) {
            Long next = committed.get(p);
            consumer.seek(p, next == null ? StartPosition.earliest() : StartPosition.offset(next));
        }
    }

    /** Sets the lag gauge to the records not read yet (end − position), at most every half second. */
    private void updateLag(LogConsumer consumer) {
        long now = System.nanoTime();
        if (now - lagUpdatedNanos < LAG_EVERY_NANOS) {
            return;
        }
        lagUpdatedNanos = now;
        long lag = 0;
        for (Map.Entry<Integer, Long> p : consumer.positions().entrySet()) {
            lag += Math.max(0, log.endOffset(stream, p.getKey()) - p.getValue());
        }
        metrics.lag(lag);
    }

    /** Stops polling, drains the stage and commits (waiting up to 30 s); does not close the stage's store. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
