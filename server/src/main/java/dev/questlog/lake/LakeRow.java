package dev.questlog.lake;

/** What the batching needs to know of a row, whatever table it belongs to. */
interface LakeRow {
    /** The app the row belongs to; names the {@code app=} directory. */
    String app();

    /** The time the row is filed under (event time for events): its UTC date names the {@code date=} directory. */
    long eventTimeMillis();
}
