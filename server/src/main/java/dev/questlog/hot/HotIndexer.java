package dev.questlog.hot;

import dev.questlog.config.HotConfig;
import dev.questlog.log.ConsumerLoop;
import dev.questlog.log.EventLog;
import dev.questlog.metrics.StageMetrics;
import dev.questlog.metrics.ThrottledLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot tier's consumer: group {@code hot} on stream {@code events} → {@link HotIndex}, as a {@link ConsumerLoop}
 * running {@link HotIndexing} (commit points and retention are described there). The Lucene commit (fsyncs) runs
 * on its own thread so that indexing, and so search freshness, does not stall behind a slow disk. A third thread
 * refreshes searchers every {@code hot.refresh_interval}. A stored event that cannot be indexed is skipped and
 * counted; a failure of the index itself is retried. Metrics: {@link StageMetrics} with stage {@code hot}; its lag is
 * the records not yet indexed (the group's committed offset trails by up to two commit intervals).
 */
public final class HotIndexer implements AutoCloseable {
    public static final String STREAM = "events";
    public static final String GROUP = "hot";
    private static final Logger LOG = LoggerFactory.getLogger(HotIndexer.class);

    private final HotIndex index;
    private final ThrottledLog refreshFailures;
    private final ScheduledExecutorService refresher;
    private final ExecutorService committer;
    private final ConsumerLoop loop;

    private HotIndexer(EventLog log, HotIndex index, HotConfig config, InstantSource clock, MeterRegistry registry) {
        this.index = index;
        this.refreshFailures = new ThrottledLog(LOG, Duration.ofSeconds(10), clock);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hot-refresh").daemon().factory());
        this.committer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("hot-commit").daemon().factory());
        long every = config.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        StageMetrics metrics = StageMetrics.of(registry, GROUP);
        this.loop = ConsumerLoop.start(log, STREAM, GROUP, config.maxBatch(),
                new HotIndexing(index, config, clock, metrics, committer), metrics, clock);
    }

    /** Starts consuming and refreshing; returns at once, once the stream exists. */
    public static HotIndexer start(EventLog log, HotIndex index, HotConfig config, InstantSource clock,
                                   MeterRegistry registry) {
        return new HotIndexer(log, index, config, clock, registry);
    }

    /** False while a failure of the index is being retried, and once the consumer stopped. */
    public boolean healthy() {
        return loop.healthy();
    }

    private void refresh() {
        try {
            index.refresh();
        } catch (RuntimeException e) {
            refreshFailures.warn("hot: refresh failed: {}", e.getMessage());
        }
    }

    /** Stops consuming, commits the index and the offsets, stops refreshing. Does not close the index. */
    @Override
    public void close() {
        loop.close();
        refresher.shutdownNow();
        committer.shutdownNow();
    }
}
