package dev.questlog.ingest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
 * in primitive arrays: see {@link IdSet}). Ids enter only after their append is durable, so a failed append never
 * suppresses the retry.
 *
 * <p>Thread-safe; lookups and inserts take a generation's lock only for a few array reads; a rotation blocks nobody.
 */
final class DuplicateFilter {
    /** UUIDs are kept as two longs rather than 36-char strings to keep the memory per id small. */
    record Key(String app, long msb, long lsb, String other) {
        /** Mixed, because producers' ids are often sequential in a few digits, which the record's hash keeps. */
        @Override
        public int hashCode() {
            return (int) mix(app.hashCode(), msb, lsb) ^ (other == null ? 0 : other.hashCode());
        }
    }

    private final long windowMillis;
    private final long generationCap;
    private final InstantSource clock;
    /** Apps by number (from 1), so that a generation stores an int per id rather than a reference. */
    private final ConcurrentHashMap<String, Integer> appNumbers = new ConcurrentHashMap<>();
    private final AtomicBoolean rotating = new AtomicBoolean();
    private volatile IdSet current;
    private volatile IdSet previous;

    DuplicateFilter(Duration window, int maxEntries, InstantSource clock) {
        this.windowMillis = window.toMillis();
        this.generationCap = Math.max(1, maxEntries / 2);
        this.clock = clock;
        this.current = new IdSet(clock.millis());
        this.previous = new IdSet(clock.millis());
        if (!enabled(window, maxEntries)) {
            current = null;
        }
    }

    private static boolean enabled(Duration window, int maxEntries) {
        return !window.isZero() && maxEntries > 0;
    }

    boolean enabled() {
        return current != null;
    }

    /** The lookup key of an event id; compute once per event and pass to {@link #seen} and {@link #remember}. */
    static Key key(String app, String eventId) {
        if (eventId.length() == 36 && eventId.charAt(8) == '-' && eventId.charAt(13) == '-'
                && eventId.charAt(18) == '-' && eventId.charAt(23) == '-') {
            long a = hex(eventId, 0, 8);
            long b = hex(eventId, 9, 13);
            long c = hex(eventId, 14, 18);
            long d = hex(eventId, 19, 23);
            long e = hex(eventId, 24, 36);
            if ((a | b | c | d | e) >= 0) {
                return new Key(app, a << 32 | b << 16 | c, d << 48 | e, null);
            }
        }
        return new Key(app, 0, 0, eventId);
    }

    /** Hex value of {@code s[from, to)}, or -1 when a character is not a hex digit. */
    private static long hex(String s, int from, int to) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int d = c < 128 ? HEX_VALUE[c] : -1;
            bad |= d;
            v = v << 4 | (d & 0xf);
        }
        return bad < 0 ? -1 : v;
    }

    /** Digit value per ASCII character, -1 for non-hex characters (a table: this runs for every event). */
    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = 0; c < 128; c++) {
            int d = Character.digit(c, 16);
            if (d >= 0) {
                HEX_VALUE[c] = (byte) d;
            }
        }
    }

    /** True when the id was remembered for its app recently (see the class comment for how recently). */
    boolean seen(Key key) {
        IdSet c = current;
        if (c == null) {
            return false;
        }
        c = rotateIfDue(c);
        int app = appNumber(key.app());
        return c.contains(app, key) || previous.contains(app, key);
    }

    /** Remembers an id whose event is now durable. */
    void remember(Key key) {
        IdSet c = current;
        if (c == null) {
            return;
        }
        c = rotateIfDue(c);
        c.add(appNumber(key.app()), key);
    }

    /**
     * {@link #seen} for many ids at once (one request's): {@code result[i]} tells about {@code keys.get(i)}. One
     * lock per generation, and the lookups run back to back so that their cache misses overlap.
     */
    boolean[] seen(List<Key> keys) {
        boolean[] out = new boolean[keys.size()];
        IdSet c = current;
        if (c == null || keys.isEmpty()) {
            return out;
        }
        c = rotateIfDue(c);
        int[] apps = appNumbers(keys);
        c.markContained(apps, keys, out);
        previous.markContained(apps, keys, out);
        return out;
    }

    /**
     * {@link #seen} for the UUIDs of one request of {@code app}: {@code result[i]} tells about
     * {@code ids.msb[i], ids.lsb[i]}. One lock per generation, and the lookups run back to back so that their cache
     * misses overlap.
     */
    boolean[] seen(String app, RequestIds ids) {
        boolean[] out = new boolean[ids.size()];
        IdSet c = current;
        if (c == null || ids.size() == 0) {
            return out;
        }
        c = rotateIfDue(c);
        int number = appNumber(app);
        c.markContained(number, ids, out);
        previous.markContained(number, ids, out);
        return out;
    }

    /** {@link #remember} for the UUIDs of one request of {@code app}. */
    void remember(String app, RequestIds ids) {
        IdSet c = current;
        if (c == null || ids.size() == 0) {
            return;
        }
        c = rotateIfDue(c);
        c.addAll(appNumber(app), ids);
    }

    /** {@link #remember} for many ids at once. */
    void remember(List<Key> keys) {
        IdSet c = current;
        if (c == null || keys.isEmpty()) {
            return;
        }
        c = rotateIfDue(c);
        c.addAll(appNumbers(keys), keys);
    }

    private int[] appNumbers(List<Key> keys) {
        int[] apps = new int[keys.size()];
        String last = null;
        int number = 0;
        for (int i = 0; i < apps.length; i++) {
            String app = keys.get(i).app();
            if (!app.equals(last)) {
                last = app;
                number = appNumber(app);
            }
            apps[i] = number;
        }
        return apps;
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
                IdSet fresh = new IdSet(now, c.slots());
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
