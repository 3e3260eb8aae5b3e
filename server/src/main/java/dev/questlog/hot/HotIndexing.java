package dev.questlog.hot;

import dev.questlog.config.HotConfig;
import dev.questlog.log.ConsumerLoop;
import dev.questlog.log.ReadRecord;
import dev.questlog.metrics.StageMetrics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * What the hot tier's consumer does with a batch: index it (into the writer's buffer), and every
 * {@code hot.commit_interval} start a Lucene commit on the committer thread; the offsets below it become
 * {@link #durable} once that commit finished, so an offset is committed only once what lies below it is durable in
 * Lucene (a crash replays at most one interval or two, and replays are idempotent on event_id). Retention runs once
 * a minute, never during a commit. A failed index write or commit makes the loop rewind to the committed offsets
 * after {@link #recover} reopened what the failure closed. Used from the consumer thread only.
 */
final class HotIndexing implements ConsumerLoop.Stage {
    private static final long RETENTION_CHECK_MILLIS = 60_000;

    private final HotIndex index;
    private final HotConfig config;
    private final InstantSource clock;
    private final StageMetrics metrics;
    private final ExecutorService committer;
    private final Map<Integer, Long> next = new HashMap<>();
    private CompletableFuture<Void> pendingCommit;
    private Map<Integer, Long> pendingOffsets;
    private long lastCommit;
    private long lastRetention;

    HotIndexing(HotIndex index, HotConfig config, InstantSource clock, StageMetrics metrics,
                ExecutorService committer) {
        this.index = index;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.committer = committer;
        this.lastCommit = clock.millis();
    }

    @Override
    public void handle(List<ReadRecord> records) {
        if (!records.isEmpty()) {
            indexBatch(records); // throws when the index failed: then nothing of the batch counts as handed over
            records.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
        }
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

    /** The offsets of the background Lucene commit once it is done; throws when it failed. */
    @Override
    public Map<Integer, Long> durable() {
        if (pendingCommit == null || !pendingCommit.isDone()) {
            return Map.of();
        }
        return finishCommit();
    }

    @Override
    public Map<Integer, Long> drain() {
        Map<Integer, Long> out = new HashMap<>();
        if (pendingCommit != null) {
            out.putAll(finishCommit());
        }
        if (!next.isEmpty()) {
            index.commit();
            next.forEach((p, o) -> out.merge(p, o, Math::max));
            next.clear();
        }
        return out;
    }

    private Map<Integer, Long> finishCommit() {
        try {
            pendingCommit.join();
            return pendingOffsets;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pendingCommit = null;
        }
    }

    /**
     * Waits out a commit still running, forgets what was not committed, and lets the index reopen what a failure
     * closed; the loop then reads again from the committed offsets (upserts by event_id make that idempotent).
     */
    @Override
    public ConsumerLoop.Recovery recover() {
        if (pendingCommit != null) {
            pendingCommit.exceptionally(e -> null).join();
            pendingCommit = null;
        }
        pendingOffsets = null;
        next.clear();
        index.recover();
        return ConsumerLoop.Recovery.REWIND;
    }
}
