package dev.questlog.live;

import dev.questlog.config.LiveConfig;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveWindows} as one consumer thread over every partition of {@code events} (group {@code live}): it
 * aggregates each batch into the {@link WindowEngine}, shows and alerts on the windows that closed at once, persists
 * them on a writer thread (so an fsync stuck behind a busy disk does not hold the live view back), and commits the
 * offsets that no open window depended on at that moment once the writer made those windows durable.
 */
final class LiveAggregator implements LiveWindows {
    static final String STREAM = "events";
    static final String GROUP = "live";
    private static final Logger LOG = LoggerFactory.getLogger(LiveAggregator.class);

    private final EventLog log;
    private final LiveConfig config;
    private final WindowStore store;
    private final InstantSource clock;
    private final StageMetrics metrics;
    private final ProcessingLag lag;
    private final WindowEngine engine;
    private final Alerts alerts;
    private final Map<String, Deque<WindowSnapshot>> history = new HashMap<>();
    private final List<Consumer<WindowSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-persist").daemon().factory());
    /** Persists in flight, oldest first, each with the offsets that may be committed once it is durable. */
    private final Deque<Map.Entry<CompletableFuture<Void>, Map<Integer, Long>>> persisting = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    private LiveAggregator(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                           MeterRegistry registry) {
        this.log = log;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = StageMetrics.of(registry, GROUP);
        this.lag = new ProcessingLag(log, STREAM, metrics);
        List<WindowSnapshot> persisted = store.recent(config.history());
        persisted.forEach(this::remember);
        long restored = persisted.stream().mapToLong(WindowSnapshot::end).max().orElse(Long.MIN_VALUE);
        this.engine = new WindowEngine(config.allowedLateness().toMillis(), WindowAggregate.Kinds.of(config), restored,
                config.dedupeMaxIdsPerMinute());
        this.alerts = new Alerts(config.alertRules(), config.alertWebhookUrl(), clock, registry);
        this.thread = Thread.ofPlatform().name("live-aggregator").daemon().unstarted(this::run);
    }

    static LiveAggregator start(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                                MeterRegistry registry) {
        LiveAggregator a = new LiveAggregator(log, config, store, clock, registry);
        log.ensureStream(STREAM); // producers may append as soon as this returns
        a.thread.start();
        return a;
    }

    private void run() {
        int partitions = log.ensureStream(STREAM);
        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        try (LogConsumer consumer = log.consumer(STREAM, GROUP, all, StartPosition.earliest())) {
            while (running) {
                step(consumer);
                commitPersisted(consumer, false);
                lag.update(consumer);
            }
            commitPersisted(consumer, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("live: the aggregator stopped", e);
        }
    }

    private void step(LogConsumer consumer) throws InterruptedException {
        List<ReadRecord> records = poll(consumer);
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
            persisting.addLast(Map.entry(CompletableFuture.runAsync(() -> store.append(closed), writer),
                    committable));
        }
    }

    /** Commits the offsets of every finished persist, in order; with {@code wait}, waits for all of them. */
    private void commitPersisted(LogConsumer consumer, boolean wait) {
        Map<Integer, Long> latest = null;
        while (!persisting.isEmpty() && (wait || persisting.peekFirst().getKey().isDone())) {
            Map.Entry<CompletableFuture<Void>, Map<Integer, Long>> done = persisting.removeFirst();
            done.getKey().join(); // a failed write stops the aggregator: its offsets must not be committed
            latest = done.getValue();
        }
        if (latest != null && !latest.isEmpty()) {
            consumer.commit(latest);
        }
    }

    private List<ReadRecord> poll(LogConsumer consumer) throws InterruptedException {
        try {
            return consumer.poll(config.maxBatch(), Duration.ofMillis(100));
        } catch (OffsetOutOfRangeException e) {
            LOG.warn("live: {}", e.getMessage());
            consumer.seek(e.partition(), StartPosition.earliest());
            return List.of();
        }
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
            } catch (IllegalArgumentException e) {
                failed++;
                LOG.warn("live: skipping an unreadable stored event at {}/{}: {}", r.partition(), r.offset(),
                        e.getMessage());
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

    @Override
    public boolean healthy() {
        return healthy && thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdown();
        store.close();
    }
}
