package dev.questlog.live;

import dev.questlog.config.LiveConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveWindows} as one consumer thread over every partition of {@code events} (group {@code live}): it
 * aggregates each batch into the {@link WindowEngine}, persists the windows that closed, evaluates alerts, then
 * commits the offsets that no open window depends on any more.
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
    private final WindowEngine engine;
    private final Alerts alerts;
    private final Map<String, Deque<WindowSnapshot>> history = new HashMap<>();
    private final List<Consumer<WindowSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    private LiveAggregator(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                           MeterRegistry registry) {
        this.log = log;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = StageMetrics.of(registry, GROUP);
        List<WindowSnapshot> persisted = store.recent(config.history());
        persisted.forEach(this::remember);
        long restored = persisted.stream().mapToLong(WindowSnapshot::end).max().orElse(Long.MIN_VALUE);
        this.engine = new WindowEngine(config.allowedLateness().toMillis(), WindowAggregate.Kinds.of(config), restored);
        this.alerts = new Alerts(config.alertRules(), config.alertWebhookUrl(), clock, registry);
        this.thread = Thread.ofPlatform().name("live-aggregator").daemon().unstarted(this::run);
    }

    static LiveAggregator start(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                                MeterRegistry registry) {
        LiveAggregator a = new LiveAggregator(log, config, store, clock, registry);
        a.thread.start();
        return a;
    }

    private void run() {
        int partitions = log.ensureStream(STREAM);
        Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
        try (LogConsumer consumer = log.consumer(STREAM, GROUP, all, StartPosition.earliest())) {
            while (running) {
                step(consumer);
            }
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
            Map<Integer, Long> committable = engine.committable();
            if (!committable.isEmpty()) {
                consumer.commit(committable);
            }
            metrics.lag(log.lag(STREAM, GROUP).values().stream().mapToLong(Long::longValue).sum());
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
        for (ReadRecord r : records) {
            try {
                engine.add(LiveEvent.parse(r.value(), config), r.partition(), r.offset());
            } catch (IllegalArgumentException e) {
                failed++;
                LOG.warn("live: skipping an unreadable stored event at {}/{}: {}", r.partition(), r.offset(),
                        e.getMessage());
            }
        }
        metrics.written(records.size() - failed);
        metrics.failed(failed);
    }

    private void publish(List<WindowSnapshot> closed) {
        store.append(closed);
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
        store.close();
    }
}
