package dev.questlog.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * What to simulate. Everything the generated events depend on is here, so equal options (and start time) give
 * equal events.
 *
 * @param players       concurrent players (in matches of up to 8)
 * @param eventsPerSecond target rate; 0 = as fast as the SDK takes them (timestamps then advance as if at
 *                      {@link #NOMINAL_UNLIMITED_RATE})
 * @param duration      how long to run; null = until stopped (or until {@code maxEvents})
 * @param maxEvents     stop after this many events; 0 = no limit
 * @param seed          seeds every random choice
 * @param duplicateRate share of sent events that are re-sends of an earlier event (same id), as a retry would
 * @param invalidRate   share of sent events that are deliberately invalid (the server must reject them)
 * @param lateRate      share of client events delivered minutes to hours after they happened (offline play)
 * @param clockSkew     how far the game clients' clocks are off (added to their timestamps and sent_at)
 */
public record SimulationOptions(int players, double eventsPerSecond, Duration duration, long maxEvents, long seed,
                                double duplicateRate, double invalidRate, double lateRate, Duration clockSkew) {
    /** The rate timestamps follow when {@code eventsPerSecond} is 0. */
    public static final double NOMINAL_UNLIMITED_RATE = 100_000;

    public SimulationOptions {
        if (players < 1 || players > 1_000_000) {
            throw new IllegalArgumentException("players must be in 1..1000000, was " + players);
        }
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("events per second must be >= 0 (0 = unlimited), was "
                    + eventsPerSecond);
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0 (0 = no limit), was " + maxEvents);
        }
        rate("duplicate rate", duplicateRate);
        rate("invalid rate", invalidRate);
        rate("late rate", lateRate);
        if (duplicateRate + invalidRate > 0.9) {
            throw new IllegalArgumentException("duplicate rate + invalid rate must be <= 0.9, was "
                    + (duplicateRate + invalidRate));
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
    }

    private static void rate(String name, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + r);
        }
    }

    /** 50 players at 500 events/s until stopped, seed 42, clean traffic. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(50, 500, null, 0, 42, 0, 0, 0, Duration.ZERO);
    }

    /** The rate the simulated clock advances at: the target rate, or the nominal one when unlimited. */
    public double timelineRate() {
        return eventsPerSecond > 0 ? eventsPerSecond : NOMINAL_UNLIMITED_RATE;
    }

    public SimulationOptions withPlayers(int n) {
        return new SimulationOptions(n, eventsPerSecond, duration, maxEvents, seed, duplicateRate, invalidRate,
                lateRate, clockSkew);
    }

    public SimulationOptions withRate(double perSecond) {
        return new SimulationOptions(players, perSecond, duration, maxEvents, seed, duplicateRate, invalidRate,
                lateRate, clockSkew);
    }

    public SimulationOptions withMaxEvents(long n) {
        return new SimulationOptions(players, eventsPerSecond, duration, n, seed, duplicateRate, invalidRate,
                lateRate, clockSkew);
    }

    public SimulationOptions withDuration(Duration d) {
        return new SimulationOptions(players, eventsPerSecond, d, maxEvents, seed, duplicateRate, invalidRate,
                lateRate, clockSkew);
    }

    public SimulationOptions withSeed(long s) {
        return new SimulationOptions(players, eventsPerSecond, duration, maxEvents, s, duplicateRate, invalidRate,
                lateRate, clockSkew);
    }

    public SimulationOptions withFaults(double duplicates, double invalid, double late) {
        return new SimulationOptions(players, eventsPerSecond, duration, maxEvents, seed, duplicates, invalid, late,
                clockSkew);
    }

    public SimulationOptions withClockSkew(Duration skew) {
        return new SimulationOptions(players, eventsPerSecond, duration, maxEvents, seed, duplicateRate, invalidRate,
                lateRate, skew);
    }
}
