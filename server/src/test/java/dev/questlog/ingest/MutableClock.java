package dev.questlog.ingest;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class MutableClock implements InstantSource {
    private final AtomicLong millis;

    MutableClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    void advance(long ms) {
        millis.addAndGet(ms);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }
}
