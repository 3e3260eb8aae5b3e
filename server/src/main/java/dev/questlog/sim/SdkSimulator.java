package dev.questlog.sim;

import dev.questlog.client.ClientStats;
import dev.questlog.client.QuestLogClient;
import dev.questlog.sim.SimEvent.Kind;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link GameModel} on one thread, pacing it to the target rate, and tracks each event on an SDK client of
 * its channel: {@code connections} clients per channel, chosen by {@code client_id} so that each player's events
 * stay in order. Several clients matter for load generation: each sends one request at a time and waits for the
 * durable acknowledgement, so one client's throughput is its batch size over the collector's latency. When the SDK's queue is nearly full the generator waits instead of letting the SDK drop: the
 * simulator is also the load generator, and a benchmark wants the collector's limit, not the queue's.
 */
final class SdkSimulator implements Simulator {
    private static final Duration LINGER = Duration.ofMillis(50);
    /** Events queued in all SDK clients together (each takes its share): bounds the simulator's memory. */
    private static final int QUEUE_BUDGET = 400_000;

    private final SimulationOptions options;
    private final GameModel model;
    private final QuestLogClient[] serverClients;
    private final QuestLogClient[] gameClients;
    private final int queueCapacity;
    private final Thread thread;
    private final CountDownLatch generated = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile boolean stopRequested;
    private volatile long startNanos;
    private volatile long endNanos;
    private SimulationReport finalReport;

    SdkSimulator(SimulationOptions options, Target target, InstantSource clock) {
        int connections = target.connections();
        this.options = options;
        this.model = new GameModel(options, clock.millis());
        this.queueCapacity = Math.max(10_000, QUEUE_BUDGET / (2 * connections));
        this.serverClients = new QuestLogClient[connections];
        this.gameClients = new QuestLogClient[connections];
        for (int i = 0; i < connections; i++) {
            serverClients[i] = client(target, target.serverKey(), clock);
            gameClients[i] = client(target, target.clientKey(), InstantSource.offset(clock, options.clockSkew()));
        }
        this.thread = Thread.ofPlatform().name("questlog-simulator").daemon().unstarted(this::generate);
    }

    private QuestLogClient client(Target target, String key, InstantSource clock) {
        return QuestLogClient.builder(target.url(), key).gzip(target.gzip()).clock(clock).linger(LINGER).queueCapacity(queueCapacity)
                .maxBatchEvents(1000).build();
    }

    @Override
    public void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    private void generate() {
        try {
            double nanosPerEvent = options.eventsPerSecond() > 0 ? 1e9 / options.eventsPerSecond() : 0;
            long deadline = options.duration() == null ? Long.MAX_VALUE : startNanos + options.duration().toNanos();
            long limit = options.maxEvents() == 0 ? Long.MAX_VALUE : options.maxEvents();
            for (long i = 0; i < limit && !stopRequested; i++) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                if (nanosPerEvent > 0) {
                    long wait = startNanos + (long) (i * nanosPerEvent) - now;
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if ((i & 1023) == 0) {
                    awaitQueueRoom();
                }
                SimEvent e;
                synchronized (lock) {
                    e = model.next();
                }
                route(e).track(e.event());
            }
        } finally {
            generated.countDown();
        }
    }

    private QuestLogClient route(SimEvent e) {
        QuestLogClient[] clients = e.channel() == SimEvent.Channel.SERVER ? serverClients : gameClients;
        if (clients.length == 1) {
            return clients[0];
        }
        Object id = e.event().fields().get("client_id");
        return clients[Math.floorMod(id == null ? 0 : id.hashCode(), clients.length)];
    }

    private void awaitQueueRoom() {
        while (!stopRequested && anyQueueHalfFull()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private boolean anyQueueHalfFull() {
        for (int i = 0; i < serverClients.length; i++) {
            if (serverClients[i].stats().queued() > queueCapacity / 2
                    || gameClients[i].stats().queued() > queueCapacity / 2) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean awaitEnd(Duration timeout) {
        try {
            return generated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return generated.getCount() == 0;
        }
    }

    @Override
    public SimulationReport stop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        stopRequested = true;
        try {
            generated.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finish(deadline);
    }

    private SimulationReport finish(long deadline) {
        synchronized (this) {
            if (finalReport == null) {
                stopRequested = true;
                closeAll(deadline);
                endNanos = System.nanoTime();
                finalReport = report();
            }
            return finalReport;
        }
    }

    /** Flushes all clients in parallel (each flush waits on its own sender), then closes them, by the deadline. */
    private void closeAll(long deadline) {
        java.util.List<Thread> closers = new java.util.ArrayList<>();
        for (QuestLogClient c : all()) {
            closers.add(Thread.ofVirtual().start(() ->
                    c.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))));
        }
        for (Thread t : closers) {
            try {
                t.join(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime() + 1_000_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private java.util.List<QuestLogClient> all() {
        java.util.List<QuestLogClient> all = new java.util.ArrayList<>(java.util.List.of(serverClients));
        all.addAll(java.util.List.of(gameClients));
        return all;
    }

    private ClientStats sum() {
        long[] v = new long[9];
        for (QuestLogClient client : all()) {
            ClientStats s = client.stats();
            long[] w = {s.tracked(), s.sent(), s.accepted(), s.rejected(), s.duplicates(), s.dropped(), s.retried(),
                    s.replayed(), s.queued()};
            for (int i = 0; i < v.length; i++) {
                v[i] += w[i];
            }
        }
        return new ClientStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], (int) v[8], 0);
    }

    @Override
    public SimulationReport report() {
        ClientStats t = sum();
        long sent = t.tracked();
        long settled = t.accepted() + t.rejected() + t.dropped();
        long duplicates;
        long invalid;
        long late;
        synchronized (lock) {
            duplicates = model.count(Kind.DUPLICATE);
            invalid = model.count(Kind.INVALID);
            late = model.count(Kind.LATE);
        }
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        long elapsed = startNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(end - startNanos);
        return new SimulationReport(options.seed(), sent, late, duplicates, invalid, t.accepted(),
                t.duplicates(), t.rejected(), t.dropped(), t.retried(),
                Math.max(0, sent - settled), elapsed);
    }

    @Override
    public Map<String, Object> groundTruth() {
        synchronized (lock) {
            return model.groundTruth().toJson();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
