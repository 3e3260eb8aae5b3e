package dev.questlog.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests set and advance by hand; thread-safe. */
public final class SettableClock implements InstantSource {
    private final AtomicLong millis;

    public SettableClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    /** Starts at {@code start}, truncated to the millisecond (the product's clocks are read in milliseconds). */
    public SettableClock(Instant start) {
        this(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public void set(long newMillis) {
        millis.set(newMillis);
    }
}
