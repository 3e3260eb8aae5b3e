package dev.questlog.warehouse;

/** The steps of a load transaction, in order; a {@link FaultHook} can fail the load right after any of them. */
public enum LoadStep {
    /** The files are in the staging table. */
    STAGED,
    /** In-batch duplicates were dropped. */
    DEDUPED,
    /** New events were inserted into {@code events} (not yet committed). */
    INSERTED,
    /** The manifest and its files were recorded as loaded (not yet committed). */
    RECORDED,
    /** The transaction committed: from here a crash must not lose the load. */
    COMMITTED
}
