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
 */
record LogSettings(int partitions, boolean fsync, long maxDelayNanos, int maxBytes, long segmentBytes,
                   long segmentAgeMillis, long retentionMillis, long retentionBytes, int indexIntervalBytes) {

    LogSettings {
        if (partitions < 1 || maxBytes < 1 || segmentBytes < 1 || segmentAgeMillis < 1 || retentionMillis < 1
                || retentionBytes < 0 || maxDelayNanos < 0 || indexIntervalBytes < 1) {
            throw new IllegalArgumentException("invalid log settings " + this);
        }
    }

    static LogSettings of(LogConfig c) {
        if (!"group".equals(c.fsync()) && !"none".equals(c.fsync())) {
            throw new IllegalArgumentException("log.fsync must be group or none, was " + c.fsync());
        }
        int index = (int) Math.max(256, Math.min(16 << 10, c.segmentBytes() / 64));
        return new LogSettings(c.partitions(), "group".equals(c.fsync()), c.groupCommitMaxDelay().toNanos(),
                (int) Math.min(1L << 30, c.groupCommitMaxBytes()), c.segmentBytes(), c.segmentAge().toMillis(),
                c.retention().toMillis(), c.retentionBytesPerPartition(), index);
    }
}
