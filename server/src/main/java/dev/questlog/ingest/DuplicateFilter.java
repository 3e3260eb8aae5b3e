package dev.questlog.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Remembers the event ids accepted per app for a time window, so that a producer's retry is acknowledged without
 * being appended again. Memory-bounded: at most {@code maxEntries} ids (about 100 bytes each); under a load that
 * exceeds it the effective window shrinks, which is safe because every downstream tier dedupes too. Ids enter only
 * after their append is durable, so a failed append never suppresses the retry. Thread-safe.
 */
final class DuplicateFilter {
    /** UUIDs are kept as two longs rather than 36-char strings to keep the memory per id small. */
    private record Key(String app, long msb, long lsb, String other) {
    }

    private final Cache<Key, Boolean> seen;

    DuplicateFilter(Duration window, int maxEntries, InstantSource clock) {
        this.seen = window.isZero() || maxEntries == 0 ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(window)
                        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run).build();
    }

    boolean enabled() {
        return seen != null;
    }

    /** True when {@code eventId} was remembered for {@code app} within the window. */
    boolean seen(String app, String eventId) {
        return seen != null && seen.getIfPresent(key(app, eventId)) != null;
    }

    /** Remembers an id whose event is now durable. */
    void remember(String app, String eventId) {
        if (seen != null) {
            seen.put(key(app, eventId), Boolean.TRUE);
        }
    }

    private static Key key(String app, String eventId) {
        try {
            UUID u = UUID.fromString(eventId);
            return new Key(app, u.getMostSignificantBits(), u.getLeastSignificantBits(), null);
        } catch (IllegalArgumentException e) {
            return new Key(app, 0, 0, eventId);
        }
    }
}
