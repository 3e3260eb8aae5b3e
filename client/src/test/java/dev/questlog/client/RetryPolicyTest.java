package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy noJitter = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), 0);

    @Test
    void doublesUpToTheCap() {
        SplittableRandom r = new SplittableRandom(1);
        assertThat(noJitter.delay(1, null, r)).isEqualTo(Duration.ofMillis(100));
        assertThat(noJitter.delay(2, null, r)).isEqualTo(Duration.ofMillis(200));
        assertThat(noJitter.delay(4, null, r)).isEqualTo(Duration.ofMillis(800));
        assertThat(noJitter.delay(5, null, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(500, null, r)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterIsAFloor() {
        assertThat(noJitter.delay(1, Duration.ofSeconds(3), new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(3));
        assertThat(noJitter.delay(1, Duration.ofDays(3), new SplittableRandom(1))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterOnlyShortens() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(p.delay(2, null, r)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        assertThat(HttpTransport.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon")).isNull();
    }
}
