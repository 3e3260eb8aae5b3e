package dev.questlog.log;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a log for operators ({@code ./questlog log inspect}): streams, partitions, offsets, sizes, times and
 * consumer-group lag.
 *
 * @param location where the log lives (a directory, or a broker address)
 * @param streams  the streams, by name
 * @param journal  the local log's write-ahead journal, null for backends without one (Kafka)
 */
public record LogReport(String location, List<Stream> streams, Journal journal) {

    /**
     * @param files  journal files in use: while the log is open, or left by an unclean stop (the next open replays
     *               what they hold beyond the segments)
     * @param bytes  their size on disk (preallocated)
     * @param spares retired files kept for reuse
     */
    public record Journal(int files, long bytes, int spares) {
    }

    /**
     * @param name       stream name
     * @param partitions one entry per partition, in order
     * @param groups     the groups that committed something, by name
     */
    public record Stream(String name, List<Partition> partitions, List<Group> groups) {
    }

    /**
     * @param partition       partition number
     * @param startOffset     oldest retained offset
     * @param endOffset       one past the newest record
     * @param segments        segment files (-1 when the backend does not report them: Kafka)
     * @param bytes           bytes of the segment files (Kafka: of the largest replica)
     * @param oldestTimestamp append time of the oldest record (epoch ms), null when empty
     * @param newestTimestamp append time of the newest record (epoch ms), null when empty
     * @param problem         what recovery will have to deal with (torn tail, damage), null when none
     */
    public record Partition(int partition, long startOffset, long endOffset, int segments, long bytes,
                            Long oldestTimestamp, Long newestTimestamp, String problem) {
    }

    /**
     * @param name      group name
     * @param committed next offset per partition the group committed
     * @param lag       records not yet consumed per partition (from the start offset when nothing is committed)
     * @param totalLag  sum of {@code lag}
     */
    public record Group(String name, Map<Integer, Long> committed, Map<Integer, Long> lag, long totalLag) {
    }
}
