package dev.questlog.warehouse;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one day compaction did: every event of {@code eventDate} (all apps) was rewritten in heatmap order.
 *
 * @param eventDate the compacted day
 * @param rows      events rewritten (the day's count before and after, which the compaction checks are equal)
 */
public record DayCompaction(LocalDate eventDate, long rows) {
    public DayCompaction {
        Objects.requireNonNull(eventDate, "eventDate");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
    }
}
