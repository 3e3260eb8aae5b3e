package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final String ID = "4e96de3b-2bb5-4aca-b631-f3827317d90a";

    @Test
    void remembersPerAppForTheWindowOnly() {
        MutableClock clock = new MutableClock(1_000_000);
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1000, clock);
        assertThat(f.seen("a", ID)).isFalse();
        f.remember("a", ID);
        assertThat(f.seen("a", ID)).isTrue();
        assertThat(f.seen("a", ID.toUpperCase())).as("UUIDs compare by value").isTrue();
        assertThat(f.seen("b", ID)).as("another app").isFalse();
        clock.advance(Duration.ofMinutes(11).toMillis());
        assertThat(f.seen("a", ID)).isFalse();
    }

    @Test
    void aZeroWindowTurnsItOff() {
        DuplicateFilter f = new DuplicateFilter(Duration.ZERO, 1000, new MutableClock(0));
        f.remember("a", ID);
        assertThat(f.enabled()).isFalse();
        assertThat(f.seen("a", ID)).isFalse();
    }
}
