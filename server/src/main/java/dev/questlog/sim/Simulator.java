package dev.questlog.sim;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A running simulated game that sends its events to a QuestLog collector through the producer SDK: game-server
 * events with the server key, game-client events with the client key. Lifecycle: {@link #start()} → runs until
 * its duration or event limit ({@link #awaitEnd}) or until {@link #stop}, which returns the final report →
 * {@link #close()}. Thread-safe.
 */
public interface Simulator extends AutoCloseable {
    /**
     * A simulator sending to the collector at {@code url}.
     *
     * @param clientKey the key for game-client events (may equal {@code serverKey})
     */
    static Simulator overHttp(SimulationOptions options, URI url, String serverKey, String clientKey) {
        return overHttp(options, Target.of(url, serverKey, clientKey));
    }

    /** A simulator sending as {@code target} says (e.g. several connections per key, for load generation). */
    static Simulator overHttp(SimulationOptions options, Target target) {
        return new SdkSimulator(options, target, InstantSource.system());
    }

    /** Starts generating and sending on a background thread; returns at once. */
    void start();

    /** Waits up to {@code timeout} for the run to end by itself (duration or event limit); true if it has. */
    boolean awaitEnd(Duration timeout);

    /**
     * Stops generating (if still running), gives the SDK up to {@code timeout} to deliver what it queued, closes it
     * and returns the final report. Idempotent: later calls return the same report.
     */
    SimulationReport stop(Duration timeout);

    /** The numbers so far; any time. */
    SimulationReport report();

    /** Deaths generated so far per map and hotspot (a copy as JSON-ready maps). */
    java.util.Map<String, Object> groundTruth();

    /** Stops (if running) and releases the SDK clients. */
    @Override
    void close();
}
