package dev.questlog.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateRunsTest {
    private static LocalDate d(int day) {
        return LocalDate.of(2026, 1, 1).plusDays(day);
    }

    @Test
    void datesWithinTheGapShareARun() {
        assertThat(DateRuns.of(List.of(d(0), d(10), d(14), d(40), d(100), d(101)), 14)).containsExactly(
                new DateRuns.Run(d(0), d(14)), new DateRuns.Run(d(40), d(40)), new DateRuns.Run(d(100), d(101)));
    }

    @Test
    void aGapOfExactlyTheLimitStaysInTheRun() {
        assertThat(DateRuns.of(List.of(d(0), d(14), d(29)), 14)).containsExactly(
                new DateRuns.Run(d(0), d(14)), new DateRuns.Run(d(29), d(29)));
    }

    @Test
    void noDatesNoRuns() {
        assertThat(DateRuns.of(List.of(), 14)).isEmpty();
    }

    @Test
    void aRunCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new DateRuns.Run(d(2), d(1))).hasMessageContaining(d(2) + ".." + d(1));
    }
}
