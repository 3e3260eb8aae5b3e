package dev.questlog.metrics;

import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;

/**
 * Warnings about something that may repeat for every record (an undecodable event, a store that is down): at most
 * one line per {@code every} (by the injected clock), each saying how many were left out since the previous one,
 * so that a flood of bad records cannot flood the log. Thread-safe.
 */
public final class ThrottledLog {
    private final Logger logger;
    private final long everyMillis;
    private final InstantSource clock;
    private long lastMillis;
    private boolean logged;
    private long suppressed;

    public ThrottledLog(Logger logger, Duration every, InstantSource clock) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("every must be >= 0, was " + every);
        }
        this.logger = logger;
        this.everyMillis = every.toMillis();
        this.clock = clock;
    }

    /** Logs at WARN (SLF4J {@code {}} placeholders) unless a line was logged less than {@code every} ago. */
    public void warn(String format, Object... args) {
        long left;
        synchronized (this) {
            long now = clock.millis();
            if (logged && now - lastMillis < everyMillis) {
                suppressed++;
                return;
            }
            logged = true;
            lastMillis = now;
            left = suppressed;
            suppressed = 0;
        }
        if (left == 0) {
            logger.warn(format, args);
        } else {
            logger.warn(format + " ({} more like it left out since the last line)", append(args, left));
        }
    }

    /** How many calls were left out since the last line (for tests and health output). */
    public synchronized long suppressed() {
        return suppressed;
    }

    private static Object[] append(Object[] args, long n) {
        // A trailing Throwable stays last, where SLF4J looks for it.
        Object[] out = new Object[args.length + 1];
        if (args.length > 0 && args[args.length - 1] instanceof Throwable t) {
            System.arraycopy(args, 0, out, 0, args.length - 1);
            out[args.length - 1] = n;
            out[args.length] = t;
        } else {
            System.arraycopy(args, 0, out, 0, args.length);
            out[args.length] = n;
        }
        return out;
    }
}
