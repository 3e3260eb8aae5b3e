package dev.questlog.client;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then 74 random bits. Ids made later sort
 * later (to the millisecond), which keeps the server's dedupe indexes and the lake's files append-friendly.
 */
public final class UuidV7 {
    private UuidV7() {
    }

    /** A new id for {@code epochMillis}, random bits from the current thread's generator. Thread-safe. */
    public static UUID at(long epochMillis) {
        return at(epochMillis, ThreadLocalRandom.current());
    }

    /**
     * A new id for {@code epochMillis} with random bits drawn from {@code random} (a seeded generator makes the id
     * reproducible, as the simulator needs). Thread-safe if {@code random} is.
     */
    public static UUID at(long epochMillis, RandomGenerator random) {
        if (epochMillis < 0 || epochMillis >= (1L << 48)) {
            throw new IllegalArgumentException("UUIDv7 time must fit 48 bits of epoch millis, was " + epochMillis);
        }
        long randA = random.nextLong() & 0x0FFFL;
        long randB = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        long msb = (epochMillis << 16) | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | randB;
        return new UUID(msb, lsb);
    }

    /** The milliseconds embedded in a version-7 id. */
    public static long millisOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a version-7 UUID: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
