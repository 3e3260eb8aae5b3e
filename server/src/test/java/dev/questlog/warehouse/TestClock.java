package dev.questlog.warehouse;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand (test kit). Thread-safe. */
public final class TestClock implements InstantSource {
    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }
}
