package dev.questlog.log;

/** Where a reader starts in a partition. */
public sealed interface StartPosition {
    /** The oldest record still retained. */
    record Earliest() implements StartPosition {
    }

    /** After the last record appended so far: only new records are read. */
    record Latest() implements StartPosition {
    }

    /** A given offset (must lie within the retained range, or equal the end offset). */
    record AtOffset(long offset) implements StartPosition {
    }

    /** The first record appended at or after this time (epoch millis); the end if there is none. */
    record AtTimestamp(long timestampMillis) implements StartPosition {
    }

    static StartPosition earliest() {
        return new Earliest();
    }

    static StartPosition latest() {
        return new Latest();
    }

    static StartPosition offset(long offset) {
        return new AtOffset(offset);
    }

    static StartPosition timestamp(long millis) {
        return new AtTimestamp(millis);
    }
}
