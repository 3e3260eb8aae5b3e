package dev.questlog.live;

import dev.questlog.config.LiveConfig;
import dev.questlog.log.ConsumerLoop;
import dev.questlog.log.EventLog;
import dev.questlog.log.ReadRecord;
import dev.questlog.metrics.StageMetrics;
import dev.questlog.metrics.ThrottledLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveWindows} as a {@link ConsumerLoop} over every partition of {@code events} (group {@code live}): it
 * aggregates each batch into the {@link WindowEngine}, shows and alerts on the windows that closed at once, persists
 * them on a writer thread (so an fsync stuck behind a busy disk does not hold the live view back), and commits the
 * offsets that no open window depended on at that moment once the writer made those windows durable. A stored event
 * that cannot be aggregated is skipped and counted as failed; a failing store is retried on the writer thread, in
 * order, while the live view goes on.
 */
final class LiveAggregator implements LiveWindows, ConsumerLoop.Stage {
    static final String STREAM = "events";
    static final String GROUP = "live";
    private static final Logger LOG = LoggerFactory.getLogger(LiveAggregator.class);
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final LiveConfig config;
    private final WindowStore store;
    private final InstantSource clock;
    private final StageMetrics metrics;
    private final WindowEngine engine;
    private final Alerts alerts;
    private final ThrottledLog skipped;
    private final ThrottledLog storeFailures;
    private final Map<String, Deque<WindowSnapshot>> history = new HashMap<>();
    private final List<Consumer<WindowSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-persist").daemon().factory());
    /** Persists in flight, oldest first, each with the offsets that may be committed once it is durable. */
    private final Deque<Map.Entry<CompletableFuture<Void>, Map<Integer, Long>>> persisting = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ConsumerLoop loop;
    private volatile boolean storeFailing;

    private LiveAggregator(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                           MeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = StageMetrics.of(registry, GROUP);
        List<WindowSnapshot> persisted = store.recent(config.history());
        persisted.forEach(this::remember);
        long restored = persisted.stream().mapToLong(WindowSnapshot::end).max().orElse(Long.MIN_VALUE);
        this.engine = new WindowEngine(config.allowedLateness().toMillis(), WindowAggregate.Kinds.of(config), restored,
                config.dedupeMaxIdsPerMinute());
        this.alerts = new Alerts(config.alertRules(), config.alertWebhookUrl(), clock, registry);
        this.skipped = new ThrottledLog(LOG, Duration.ofSeconds(10), clock);
        this.storeFailures = new ThrottledLog(LOG, Duration.ofSeconds(10), clock);
        this.loop = ConsumerLoop.start(log, STREAM, GROUP, config.maxBatch(), this, metrics, clock); // last: it calls us
    }

    static LiveAggregator start(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                                MeterRegistry registry) {
        return new LiveAggregator(log, config, store, clock, registry);
    }

    @Override
    public void handle(List<ReadRecord> records) {
        List<WindowSnapshot> closed;
        if (records.isEmpty()) {
            // Caught up: let the clock close the windows nobody sends events for any more.
            closed = engine.advanceIdle(clock.millis());
        } else {
            long started = System.nanoTime();
            aggregate(records);
            closed = engine.advance();
            metrics.batch(Duration.ofNanos(System.nanoTime() - started));
        }
        if (!closed.isEmpty()) {
            publish(closed);
            Map<Integer, Long> committable = Map.copyOf(engine.committable());
            persisting.addLast(Map.entry(CompletableFuture.runAsync(() -> persist(closed), writer), committable));
        }
    }

    /** Appends to the store, retrying with a back-off until it works; gives up only when closing. */
    private void persist(List<WindowSnapshot> closed) {
        long backoff = MIN_BACKOFF_MILLIS;
        while (true) {
            try {
                store.append(closed);
                storeFailing = false;
                return;
            } catch (RuntimeException e) {
                storeFailing = true;
                if (closing.getCount() == 0) {
                    throw e; // not committed: read again on the next start
                }
                storeFailures.warn("live: persisting {} closed windows failed, retrying in {} ms: {}", closed.size(),
                        backoff, e.toString());
            }
            try {
                closing.await(backoff, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("live: interrupted while persisting windows", e);
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** The offsets of the persists that finished, in order (their windows are durable). */
    @Override
    public Map<Integer, Long> durable() {
        return finishedPersists(false);
    }

    @Override
    public Map<Integer, Long> drain() {
        return finishedPersists(true);
    }

    /** The offsets of the newest persist done, of those done in order; with {@code wait}, waits for all of them. */
    private Map<Integer, Long> finishedPersists(boolean wait) {
        Map<Integer, Long> latest = Map.of();
        while (!persisting.isEmpty() && (wait || persisting.peekFirst().getKey().isDone())) {
            Map.Entry<CompletableFuture<Void>, Map<Integer, Long>> done = persisting.removeFirst();
            try {
                done.getKey().join();
            } catch (CompletionException | CancellationException e) {
                // Only when closing: the offsets of this persist and all later ones stay uncommitted.
                LOG.warn("live: closed windows were not persisted; they are rebuilt on the next start: {}",
                        e.toString());
                persisting.clear();
                break;
            }
            latest = done.getValue();
        }
        return latest;
    }

    private void aggregate(List<ReadRecord> records) {
        metrics.received(records.size());
        long failed = 0;
        long duplicates = 0;
        for (ReadRecord r : records) {
            try {
                if (!engine.add(LiveEvent.parse(r.value(), config), r.partition(), r.offset())) {
                    duplicates++;
                }
            } catch (RuntimeException e) {
                failed++;
                skipped.warn("live: skipping a stored event it cannot aggregate at {}/{}: {}", r.partition(),
                        r.offset(), e.getMessage());
            }
        }
        metrics.written(records.size() - failed - duplicates);
        metrics.dropped(duplicates);
        metrics.failed(failed);
    }

    private void publish(List<WindowSnapshot> closed) {
        closed.forEach(this::remember);
        alerts.evaluate(closed);
        for (WindowSnapshot w : closed) {
            for (Consumer<WindowSnapshot> l : listeners) {
                try {
                    l.accept(w);
                } catch (RuntimeException e) {
                    LOG.warn("live: a window listener failed: {}", e.toString());
                }
            }
        }
    }

    private synchronized void remember(WindowSnapshot w) {
        Deque<WindowSnapshot> q = history.computeIfAbsent(w.app() + "\u0000" + w.window(), k -> new ArrayDeque<>());
        q.addLast(w);
        while (q.size() > config.history()) {
            q.removeFirst();
        }
    }

    @Override
    public List<WindowSnapshot> windows(String app, String window, int closed) {
        WindowSize size = WindowSize.ofLabel(window);
        List<WindowSnapshot> out = new ArrayList<>();
        synchronized (this) {
            Deque<WindowSnapshot> q = history.getOrDefault(app + "\u0000" + size.label(), new ArrayDeque<>());
            List<WindowSnapshot> all = List.copyOf(q);
            out.addAll(all.subList(Math.max(0, all.size() - closed), all.size()));
        }
        out.addAll(engine.openWindows(app, size));
        return out;
    }

    @Override
    public long watermark() {
        return engine.watermark();
    }

    @Override
    public List<FiredAlert> alerts(String app) {
        return alerts.recent(app);
    }

    @Override
    public AutoCloseable subscribe(Consumer<WindowSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** False while the consumer or the store is failing, and once the consumer stopped. */
    @Override
    public boolean healthy() {
        return loop.healthy() && !storeFailing;
    }

    @Override
    public void close() {
        closing.countDown(); // a persist that is failing gives up; what it held is read again on the next start
        loop.close();
        writer.shutdown();
        store.close();
    }
}
