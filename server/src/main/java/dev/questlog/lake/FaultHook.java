package dev.questlog.lake;

/**
 * Test seam for crash injection: called at each step of publishing a cut. A hook that throws makes the sink stop
 * exactly there, as a crash would. Production uses {@link #NONE}.
 */
@FunctionalInterface
interface FaultHook {
    FaultHook NONE = point -> { };

    /** The steps of a cut, in order. */
    enum Point {
        FILES_WRITTEN, INTENT_MARKED, FIRST_FILE_PUBLISHED, FILES_PUBLISHED, PROGRESS_MARKED, POINTERS_APPENDED,
        COMMITTED
    }

    void at(Point point);
}
