package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.SettableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
    @Test
    void aBucketEmptiesThenRefillsWithTime() {
        SettableClock clock = new SettableClock(0);
        ClientRateLimiter l = new ClientRateLimiter(10, 20, clock);
        assertThat(l.tryAcquire("k1", Map.of("p1", 20))).isTrue();
        assertThat(l.tryAcquire("k1", Map.of("p1", 1))).isFalse();
        assertThat(l.tryAcquire("k1", Map.of("p2", 5))).as("another client_id has its own bucket").isTrue();
        assertThat(l.tryAcquire("k2", Map.of("p1", 5))).as("another key has its own bucket").isTrue();
        clock.advance(Duration.ofMillis(500));
        assertThat(l.tryAcquire("k1", Map.of("p1", 5))).isTrue();
        assertThat(l.tryAcquire("k1", Map.of("p1", 1))).isFalse();
    }

    @Test
    void allOrNothingAcrossClients() {
        SettableClock clock = new SettableClock(0);
        ClientRateLimiter l = new ClientRateLimiter(1, 10, clock);
        assertThat(l.tryAcquire("k", Map.of("b", 10))).isTrue();
        assertThat(l.tryAcquire("k", new java.util.TreeMap<>(Map.of("a", 10, "b", 1)))).isFalse();
        assertThat(l.tryAcquire("k", Map.of("a", 10))).as("a's tokens were given back").isTrue();
    }

    @Test
    void zeroRateMeansUnlimited() {
        ClientRateLimiter l = new ClientRateLimiter(0, 1, new SettableClock(0));
        assertThat(l.tryAcquire("k", Map.of("p", 1_000_000))).isTrue();
    }
}
