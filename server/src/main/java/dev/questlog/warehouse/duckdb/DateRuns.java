package dev.questlog.warehouse.duckdb;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Groups sorted dates into runs in which neighbouring dates are at most {@code maxGapDays} apart. Stateless. */
final class DateRuns {
    /** A run of dates, {@code first <= last}. */
    record Run(LocalDate first, LocalDate last) {
        Run {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("run ends before it starts: " + first + ".." + last);
            }
        }
    }

    private DateRuns() {
    }

    /** The runs of {@code sortedDates} (ascending, distinct), in order; empty for no dates. */
    static List<Run> of(List<LocalDate> sortedDates, long maxGapDays) {
        List<Run> runs = new ArrayList<>();
        LocalDate first = null;
        LocalDate last = null;
        for (LocalDate d : sortedDates) {
            if (last != null && d.isAfter(last.plusDays(maxGapDays))) {
                runs.add(new Run(first, last));
                first = null;
            }
            if (first == null) {
                first = d;
            }
            last = d;
        }
        if (first != null) {
            runs.add(new Run(first, last));
        }
        return runs;
    }
}
