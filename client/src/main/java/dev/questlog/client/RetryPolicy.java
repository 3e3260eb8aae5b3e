package dev.questlog.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a batch that failed for a retryable reason (network error, timeout, 429, 503 or any other 5xx) is retried:
 * exponential backoff from {@code initialBackoff}, doubling up to {@code maxBackoff}, each delay shortened by a
 * random fraction up to {@code jitter} so that many producers do not retry in step. A {@code Retry-After} from the
 * server is a floor for the delay.
 *
 * @param maxAttempts    attempts per batch, the first included; after that the batch is dropped, unless the client
 *                       has a spool, which keeps it until delivered
 * @param initialBackoff delay before the first retry
 * @param maxBackoff     longest delay computed by doubling (a longer {@code Retry-After} is still honoured)
 * @param jitter         in [0, 1]: the fraction of the delay that is randomised away
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    /** Retry-After longer than this is treated as this, so that a confused server cannot park a producer for days. */
    static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(10);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
        }
    }

    /** 8 attempts, 100 ms doubling to 30 s, half of each delay jittered. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(30), 0.5);
    }

    /**
     * The delay before attempt {@code failedAttempts + 1}.
     *
     * @param failedAttempts attempts made so far (>= 1)
     * @param retryAfter     the server's Retry-After, or null
     */
    public Duration delay(int failedAttempts, Duration retryAfter, RandomGenerator random) {
        long base = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        int doublings = Math.min(failedAttempts - 1, 62);
        long exp = doublings >= Long.numberOfLeadingZeros(base) - 1 ? max : Math.min(max, base << doublings);
        long jittered = exp - (long) (exp * jitter * random.nextDouble());
        long floor = retryAfter == null ? 0 : Math.min(retryAfter.toNanos(), RETRY_AFTER_CAP.toNanos());
        return Duration.ofNanos(Math.max(jittered, floor));
    }
}
