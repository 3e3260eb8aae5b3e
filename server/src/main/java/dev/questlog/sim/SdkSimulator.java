package dev.questlog.sim;

import dev.questlog.client.ClientStats;
import dev.questlog.client.QuestLogClient;
import dev.questlog.sim.SimEvent.Kind;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link GameModel} on one thread, pacing it to the target rate, and tracks each event on the SDK client of
 * its channel. When the SDK's queue is nearly full the generator waits instead of letting the SDK drop: the
 * simulator is also the load generator, and a benchmark wants the collector's limit, not the queue's.
 */
final class SdkSimulator implements Simulator {
    private static final Duration LINGER = Duration.ofMillis(50);
    private static final int QUEUE_CAPACITY = 200_000;

    private final SimulationOptions options;
    private final GameModel model;
    private final QuestLogClient serverClient;
    private final QuestLogClient gameClient;
    private final Thread thread;
    private final CountDownLatch generated = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile boolean stopRequested;
    private volatile long startNanos;
    private volatile long endNanos;
    private SimulationReport finalReport;

    SdkSimulator(SimulationOptions options, URI url, String serverKey, String clientKey, InstantSource clock) {
        this.options = options;
        this.model = new GameModel(options, clock.millis());
        this.serverClient = client(url, serverKey, clock);
        this.gameClient = client(url, clientKey, InstantSource.offset(clock, options.clockSkew()));
        this.thread = Thread.ofPlatform().name("questlog-simulator").daemon().unstarted(this::generate);
    }

    private static QuestLogClient client(URI url, String key, InstantSource clock) {
        return QuestLogClient.builder(url, key).clock(clock).linger(LINGER).queueCapacity(QUEUE_CAPACITY)
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
                (e.channel() == SimEvent.Channel.SERVER ? serverClient : gameClient).track(e.event());
            }
        } finally {
            endNanos = System.nanoTime();
            generated.countDown();
        }
    }

    private void awaitQueueRoom() {
        while (!stopRequested && (serverClient.stats().queued() > QUEUE_CAPACITY / 2
                || gameClient.stats().queued() > QUEUE_CAPACITY / 2)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
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
                long half = (deadline - System.nanoTime()) / 2;
                serverClient.close(Duration.ofNanos(Math.max(0, half)));
                gameClient.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                finalReport = report();
            }
            return finalReport;
        }
    }

    @Override
    public SimulationReport report() {
        ClientStats s = serverClient.stats();
        ClientStats c = gameClient.stats();
        long sent = s.tracked() + c.tracked();
        long settled = s.accepted() + c.accepted() + s.rejected() + c.rejected() + s.dropped() + c.dropped();
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
        return new SimulationReport(options.seed(), sent, late, duplicates, invalid, s.accepted() + c.accepted(),
                s.duplicates() + c.duplicates(), s.rejected() + c.rejected(), s.dropped() + c.dropped(), s.retried() + c.retried(),
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
