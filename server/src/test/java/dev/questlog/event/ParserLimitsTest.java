package dev.questlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.IngestConfig;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ParserLimitsTest {
    @Test
    void defaultsAreThoseOfTheBrief() {
        assertThat(ParserLimits.defaults()).isEqualTo(new ParserLimits(1_048_576, 32, Duration.ofDays(30),
                Duration.ofDays(1)));
    }

    @Test
    void fromIngestConfig() {
        IngestConfig c = new IngestConfig(5 << 20, 10_000, 4096, 8, Duration.ofHours(12), Duration.ofMinutes(5),
                Duration.ofMinutes(10));
        assertThat(ParserLimits.from(c)).isEqualTo(new ParserLimits(4096, 8, Duration.ofHours(12),
                Duration.ofMinutes(5)));
    }

    @Test
    void windowTextsUseTheLargestExactUnit() {
        EventParser p = new EventParser(new ParserLimits(4096, 8, Duration.ofHours(12), Duration.ofMinutes(5)),
                EventFixtures.CLOCK);
        long now = EventFixtures.NOW.toEpochMilli();
        String old = EventFixtures.minimal().timestamp(now - 13 * 3_600_000L).json();
        String ahead = EventFixtures.minimal().timestamp(now + 6 * 60_000L).json();
        assertThat(p.parse(EventFixtures.utf8(EventFixtures.array(old, ahead)), BodyFormat.AUTO).invalid())
                .extracting(Outcome.Invalid::reason).containsExactly(
                        "event_timestamp: 2026-01-14T23:00:00Z is more than 12h in the past",
                        "event_timestamp: 2026-01-15T12:06:00Z is more than 5m in the future");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ParserLimits(1, 32, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxEventBytes must be at least 2, was 1");
        assertThatThrownBy(() -> new ParserLimits(100, 0, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxDepth must be at least 1, was 0");
    }
}
