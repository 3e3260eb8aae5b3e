package dev.questlog.ingest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the event ids accepted per app, so that a producer's retry is acknowledged without being appended again.
 *
 * <p>Two generations of ids: new ids go into the current one; lookups check both; the current one becomes the
 * previous one (and the old previous one is dropped) when it is {@code window} old or holds half of
 * {@code maxEntries}. So an id is remembered for at least {@code window} and at most twice that, unless the load
 * exceeds {@code maxEntries} per window, when the effective window shrinks — which is safe because every downstream
 * tier dedupes too. Memory stays bounded by about {@code maxEntries} ids (≈100 bytes each). Ids enter only after
 * their append is durable, so a failed append never suppresses the retry.
 *
 * <p>Thread-safe; lookups and inserts are lock-free (a rotation takes a short lock).
 */
final class DuplicateFilter {
    /** UUIDs are kept as two longs rather than 36-char strings to keep the memory per id small. */
    record Key(String app, long msb, long lsb, String other) {
    }

    private record Generation(ConcurrentHashMap<Key, Boolean> ids, long startedMillis) {
        static Generation startingAt(long millis) {
            return new Generation(new ConcurrentHashMap<>(), millis);
        }
    }

    private final long windowMillis;
    private final long generationCap;
    private final InstantSource clock;
    private volatile Generation current;
    private volatile Generation previous;

    DuplicateFilter(Duration window, int maxEntries, InstantSource clock) {
        this.windowMillis = window.toMillis();
        this.generationCap = Math.max(1, maxEntries / 2);
        this.clock = clock;
        this.current = Generation.startingAt(clock.millis());
        this.previous = Generation.startingAt(clock.millis());
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
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** True when the id was remembered for its app recently (see the class comment for how recently). */
    boolean seen(Key key) {
        Generation c = current;
        if (c == null) {
            return false;
        }
        rotateIfDue(c);
        return current.ids().containsKey(key) || previous.ids().containsKey(key);
    }

    /** Remembers an id whose event is now durable. */
    void remember(Key key) {
        Generation c = current;
        if (c == null) {
            return;
        }
        c = rotateIfDue(c);
        c.ids().put(key, Boolean.TRUE);
    }

    private Generation rotateIfDue(Generation c) {
        long now = clock.millis();
        if (now - c.startedMillis() < windowMillis && c.ids().mappingCount() < generationCap) {
            return c;
        }
        synchronized (this) {
            if (current == c) {
                previous = c;
                current = Generation.startingAt(now);
            }
            return current;
        }
    }
}
