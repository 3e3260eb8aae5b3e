package dev.questlog.warehouse;

/**
 * Test hook called after each {@link LoadStep} (and each {@link CompactionStep}); throwing from it simulates a crash at
 * that point (the engine then abandons the transaction as a dying process would). Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultHook {
    FaultHook NONE = step -> {
    };

    void reached(LoadStep step);

    /** Called after each step of a day compaction; nothing by default. */
    default void reached(CompactionStep step) {
    }
}
