package dev.questlog.hot;

import dev.questlog.config.HotConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.metrics.ProcessingLag;
import dev.questlog.metrics.StageMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot tier's consumer: group {@code hot} on stream {@code events} → {@link HotIndex}. Lifecycle per batch:
 * poll → index (in the writer's buffer) → every {@code hot.commit_interval}: commit the index, then the group
 * offsets (so an offset is committed only once what lies below it is durable in Lucene; a crash replays at most
 * one interval or two, and replays are idempotent on event_id). The Lucene commit (fsyncs) runs on its own thread so
 * that indexing, and so search freshness, does not stall behind a slow disk; the offsets below it are committed by
 * the consumer thread once it finished. A third thread refreshes searchers every {@code hot.refresh_interval}.
 * Retention runs once a minute, never during a commit. Metrics: {@link StageMetrics} with stage {@code hot}; its
 * lag is the records not yet indexed (the group's committed offset trails by up to two commit intervals).
 */
public final class HotIndexer implements AutoCloseable {
    public static final String STREAM = "events";
    public static final String GROUP = "hot";
    private static final Logger LOG = LoggerFactory.getLogger(HotIndexer.class);
    private static final long RETENTION_CHECK_MILLIS = 60_000;

    private final EventLog log;
    private final HotIndex index;
    private final HotConfig config;
    private final InstantSource clock;
    private final StageMetrics metrics;
    private final Thread thread;
    private final ScheduledExecutorService refresher;
    private final ExecutorService committer;
    private final ProcessingLag lag;
    private CompletableFuture<Void> pendingCommit;
    private Map<Integer, Long> pendingOffsets;
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    private HotIndexer(EventLog log, HotIndex index, HotConfig config, InstantSource clock, MeterRegistry registry) {
        this.log = log;
        this.index = index;
        this.config = config;
        this.clock = clock;
        this.metrics = StageMetrics.of(registry, GROUP);
        this.lag = new ProcessingLag(log, STREAM, metrics);
        this.thread = Thread.ofPlatform().name("hot-indexer").daemon().unstarted(this::run);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hot-refresh").daemon().factory());
        this.committer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("hot-commit").daemon().factory());
    }

    /** Starts consuming and refreshing; returns at once. */
    public static HotIndexer start(EventLog log, HotIndex index, HotConfig config, InstantSource clock,
                                   MeterRegistry registry) {
        HotIndexer indexer = new HotIndexer(log, index, config, clock, registry);
        long every = config.refreshInterval().toMillis();
        indexer.refresher.scheduleWithFixedDelay(indexer::refresh, every, every, TimeUnit.MILLISECONDS);
        log.ensureStream(STREAM); // producers may append as soon as this returns
        indexer.thread.start();
        return indexer;
    }

    /** False once the consumer stopped on an unexpected error. */
    public boolean healthy() {
        return healthy && thread.isAlive();
    }

    private void refresh() {
        try {
            index.refresh();
        } catch (RuntimeException e) {
            LOG.warn("hot: refresh failed: {}", e.getMessage());
        }
    }

    private void run() {
        int partitions = log.ensureStream(STREAM);
        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        try (LogConsumer consumer = log.consumer(STREAM, GROUP, all, StartPosition.earliest())) {
            loop(consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("hot: the indexer stopped", e);
        }
    }

    private void loop(LogConsumer consumer) throws InterruptedException {
        Map<Integer, Long> next = new HashMap<>();
        long lastCommit = clock.millis();
        long lastRetention = 0;
        while (running) {
            List<ReadRecord> records = poll(consumer);
            if (!records.isEmpty()) {
                indexBatch(records);
                records.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
            }
            finishCommit(consumer, false);
            lag.update(consumer);
            long now = clock.millis();
            if (pendingCommit == null && !next.isEmpty() && now - lastCommit >= config.commitInterval().toMillis()) {
                pendingOffsets = Map.copyOf(next); // everything below them was handed to the index before the commit
                next.clear();
                pendingCommit = CompletableFuture.runAsync(index::commit, committer);
                lastCommit = now;
            }
            if (pendingCommit == null && now - lastRetention >= RETENTION_CHECK_MILLIS) {
                index.enforceRetention();
                lastRetention = now;
            }
        }
        finishCommit(consumer, true);
        if (!next.isEmpty()) {
            index.commit();
            consumer.commit(Map.copyOf(next));
        }
    }

    /** Once the background Lucene commit is done (or, with {@code wait}, after waiting for it), commits its offsets. */
    private void finishCommit(LogConsumer consumer, boolean wait) {
        if (pendingCommit == null || (!wait && !pendingCommit.isDone())) {
            return;
        }
        pendingCommit.join(); // a failed Lucene commit stops the indexer: nothing unsafe gets committed
        consumer.commit(pendingOffsets);
        pendingCommit = null;
        pendingOffsets = null;
    }

    private List<ReadRecord> poll(LogConsumer consumer) throws InterruptedException {
        try {
            return consumer.poll(config.maxBatch(), Duration.ofMillis(100));
        } catch (OffsetOutOfRangeException e) {
            LOG.warn("hot: {}", e.getMessage());
            consumer.seek(e.partition(), StartPosition.earliest());
            return List.of();
        }
    }

    private void indexBatch(List<ReadRecord> records) {
        long started = System.nanoTime();
        List<byte[]> values = new ArrayList<>(records.size());
        records.forEach(r -> values.add(r.value()));
        metrics.received(values.size());
        IndexCounts counts = index.index(values);
        metrics.written(counts.indexed());
        metrics.dropped(counts.dropped() + counts.expired());
        metrics.failed(counts.failed());
        metrics.batch(Duration.ofNanos(System.nanoTime() - started));
    }

    /** Stops consuming, commits the index and the offsets, stops refreshing. Does not close the index. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refresher.shutdownNow();
        committer.shutdownNow();
    }
}
