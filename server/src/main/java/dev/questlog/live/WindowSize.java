package dev.questlog.live;

import java.time.Duration;
import java.util.List;

/** The tumbling window sizes QuestLog keeps. */
enum WindowSize {
    TEN_SECONDS("10s", 10_000), ONE_MINUTE("1m", 60_000);

    static final List<WindowSize> ALL = List.of(values());

    private final String label;
    private final long millis;

    WindowSize(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    String label() {
        return label;
    }

    long millis() {
        return millis;
    }

    long startOf(long eventTime) {
        return Math.floorDiv(eventTime, millis) * millis;
    }

    static WindowSize of(Duration d) {
        for (WindowSize s : values()) {
            if (s.millis == d.toMillis()) {
                return s;
            }
        }
        throw new IllegalArgumentException("no window of " + d + "; windows are 10s and 1m");
    }

    static WindowSize ofLabel(String label) {
        for (WindowSize s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown window '" + label + "'; windows are 10s and 1m");
    }
}
