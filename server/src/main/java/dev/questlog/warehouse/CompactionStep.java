package dev.questlog.warehouse;

/**
 * The steps of a day compaction's transaction, in order; a {@link FaultHook} can fail the compaction right after any
 * of them (see {@link Warehouse#compactNextDay}).
 */
public enum CompactionStep {
    /** The day's rows were copied, sorted, into a temporary table. */
    COPIED,
    /** The day's rows were deleted from {@code events} (not yet committed). */
    DELETED,
    /** The sorted copy was inserted back and its count checked (not yet committed). */
    REWRITTEN,
    /** The day was recorded as compacted (not yet committed). */
    RECORDED,
    /** The transaction committed. */
    COMMITTED
}
