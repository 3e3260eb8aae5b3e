package dev.questlog.log.local;

import dev.questlog.config.LogConfig;

/**
 * The local log's settings in the units its hot paths use, checked once at open.
 *
 * @param partitions         partitions of a new stream
 * @param fsync              true: appends complete after {@code force}; false: page cache only
 * @param maxDelayNanos      longest a group commit lingers for more appends
 * @param maxBytes           pending bytes per partition that end a linger and bound a round's buffer
 * @param segmentBytes       roll size
 * @param segmentAgeMillis   roll age (from the segment's first record)
 * @param retentionMillis    segments whose newest record is older are deleted
 * @param retentionBytes     per-partition size cap, 0 for none
 * @param indexIntervalBytes bytes between sparse index entries
 * @param journalFileBytes   size of each (reused) journal file
 * @param checkpointBytes    journal bytes after which the checkpoint forces the segments and frees journal files
 * @param checkpointNanos    longest time between checkpoints while anything is written
 * @param cacheWindowBytes   bytes behind a partition's end that a checkpoint leaves in the page cache (older, forced
 *                           pages it tells the kernel to drop, see {@link PageCache})
 */
record LogSettings(int partitions, boolean fsync, long maxDelayNanos, int maxBytes, long segmentBytes,
                   long segmentAgeMillis, long retentionMillis, long retentionBytes, int indexIntervalBytes,
                   long journalFileBytes, long checkpointBytes, long checkpointNanos, long cacheWindowBytes) {
    private static final long JOURNAL_FILE_BYTES = 64L << 20;
    private static final long CHECKPOINT_BYTES = 16L << 20;
    private static final long CHECKPOINT_NANOS = 1_000_000_000L;
    /** About 1 s of a partition at the ingest benchmark's peak: readers at the tail (live, hot) still hit the cache. */
    private static final long CACHE_WINDOW_BYTES = 64L << 20;

    LogSettings {
        if (partitions < 1 || maxBytes < 1 || segmentBytes < 1 || segmentAgeMillis < 1 || retentionMillis < 1
                || retentionBytes < 0 || maxDelayNanos < 0 || indexIntervalBytes < 1 || journalFileBytes < (1 << 16)
                || checkpointBytes < 1 || checkpointNanos < 1 || cacheWindowBytes < 0) {
            throw new IllegalArgumentException("invalid log settings " + this);
        }
    }

    static LogSettings of(LogConfig c) {
        if (!"group".equals(c.fsync()) && !"none".equals(c.fsync())) {
            throw new IllegalArgumentException("log.fsync must be group or none, was " + c.fsync());
        }
        int index = (int) Math.max(256, Math.min(16 << 10, c.segmentBytes() / 64));
        int maxBytes = (int) Math.min(1L << 30, c.groupCommitMaxBytes());
        // a round of one partition must fit in a journal file; bigger ones get a file of their own
        long journalFile = Math.max(JOURNAL_FILE_BYTES, Math.min(1L << 30, 2L * maxBytes));
        return new LogSettings(c.partitions(), "group".equals(c.fsync()), c.groupCommitMaxDelay().toNanos(),
                maxBytes, c.segmentBytes(), c.segmentAge().toMillis(), c.retention().toMillis(),
                c.retentionBytesPerPartition(), index, journalFile, CHECKPOINT_BYTES, CHECKPOINT_NANOS,
                CACHE_WINDOW_BYTES);
    }
}
