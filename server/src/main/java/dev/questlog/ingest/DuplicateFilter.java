package dev.questlog.ingest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Remembers the event ids accepted per app, so that a producer's retry is acknowledged without being appended again.
 *
 * <p>Two generations of ids: new ids go into the current one; lookups check both; the current one becomes the
 * previous one (and the old previous one is dropped) when it is {@code window} old or holds half of
 * {@code maxEntries}. So an id is remembered for at least {@code window} and at most twice that, unless the load
 * exceeds {@code maxEntries} per window, when the effective window shrinks — which is safe because every downstream
 * tier dedupes too. Memory stays bounded by about {@code maxEntries} ids (≈50 bytes each when a generation is full,
 * in primitive arrays: see {@link IdSet}, plus a fixed {@link GenerationBloom} of 2 bytes per id). Ids enter only
 * after their append is durable, so a failed append never suppresses the retry.
 *
 * <p>A lookup first asks the Bloom filter, whose two generations share a cache line, without any lock; only its
 * rare "maybe" takes the generation's lock for an exact check. Inserts take the current generation's lock for the
 * request's ids. Thread-safe; a rotation blocks nobody.
 */
final class DuplicateFilter {
    private final long windowMillis;
    private final long generationCap;
    private final InstantSource clock;
    /** Apps by number (from 1), so that a generation stores an int per id rather than a reference. */
    private final ConcurrentHashMap<String, Integer> appNumbers = new ConcurrentHashMap<>();
    private final AtomicBoolean rotating = new AtomicBoolean();
    /** Null when the filter is off. */
    private final GenerationBloom bloom;
    private volatile IdSet current;
    private volatile IdSet previous;

    DuplicateFilter(Duration window, int maxEntries, InstantSource clock) {
        this.windowMillis = window.toMillis();
        this.generationCap = Math.max(1, maxEntries / 2);
        this.clock = clock;
        if (enabled(window, maxEntries)) {
            this.bloom = new GenerationBloom(generationCap);
            this.current = new IdSet(clock.millis(), bloom, 0);
            this.previous = new IdSet(clock.millis(), bloom, 1);
        } else {
            this.bloom = null;
        }
    }

    private static boolean enabled(Duration window, int maxEntries) {
        return !window.isZero() && maxEntries > 0;
    }

    boolean enabled() {
        return current != null;
    }

    /**
     * Which of one request's event ids (of {@code app}) were remembered recently (see the class comment for how
     * recently): {@code result[i]} tells about {@code ids.msb[i], ids.lsb[i]}. The Bloom lookups run back to back
     * without a lock, so that their cache misses overlap.
     */
    boolean[] seen(String app, RequestIds ids) {
        boolean[] out = new boolean[ids.size()];
        IdSet c = current;
        if (c == null || ids.size() == 0) {
            return out;
        }
        c = rotateIfDue(c);
        IdSet p = previous;
        // Volatile reads of what every insert writes last, so that the Bloom bits of every insert that has finished
        // are visible below.
        if (c.size() + p.size() == 0) {
            return out;
        }
        int number = appNumber(app);
        for (int i = 0; i < ids.size(); i++) {
            long msb = ids.msb[i];
            long lsb = ids.lsb[i];
            long h = mix(number, msb, lsb);
            int maybe = bloom.mightContainEither(h);
            if (maybe != 0) {
                out[i] = inGeneration(c, maybe, number, msb, lsb, h) || inGeneration(p, maybe, number, msb, lsb, h);
            }
        }
        return out;
    }

    private static boolean inGeneration(IdSet g, int maybe, int app, long msb, long lsb, long h) {
        return (maybe & (1 << g.parity())) != 0 && g.contains(app, msb, lsb, h);
    }

    /** Remembers one request's event ids (of {@code app}) whose events are now durable. */
    void remember(String app, RequestIds ids) {
        IdSet c = current;
        if (c == null || ids.size() == 0) {
            return;
        }
        c = rotateIfDue(c);
        int number = appNumber(app);
        long[] hashes = new long[ids.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = mix(number, ids.msb[i], ids.lsb[i]);
        }
        c.addAll(number, ids, hashes);
    }

    private int appNumber(String app) {
        Integer n = appNumbers.get(app);
        if (n != null) {
            return n;
        }
        synchronized (appNumbers) {
            return appNumbers.computeIfAbsent(app, a -> appNumbers.size() + 1);
        }
    }

    private IdSet rotateIfDue(IdSet c) {
        long now = clock.millis();
        if (now - c.startedMillis() < windowMillis && c.size() < generationCap) {
            return c;
        }
        // One thread rotates; the others go on with the current generation meanwhile (it merely runs a little over
        // its cap) instead of queueing behind the allocation of a big table.
        if (!rotating.compareAndSet(false, true)) {
            return current;
        }
        try {
            if (current == c) {
                // Sized like the generation it replaces, so it does not grow (and rehash) its way up again.
                // The new generation takes the dropped one's half of the Bloom filter. A lookup still running on the
                // dropped one may see its bits vanish or the new ones appear: either way it answers about an
                // expiring generation, and every "maybe" is checked exactly in its table.
                int parity = previous.parity();
                bloom.clear(parity);
                IdSet fresh = new IdSet(now, c.slots(), bloom, parity);
                previous = c;
                current = fresh;
            }
            return current;
        } finally {
            rotating.set(false);
        }
    }

    /** A well-spread 64-bit hash of an id (murmur3's finalizer over the mixed words). */
    static long mix(int app, long msb, long lsb) {
        long h = msb * 0x9E3779B97F4A7C15L ^ lsb ^ (long) app * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9f53a5f85e3L;
        h ^= h >>> 33;
        return h;
    }
}
