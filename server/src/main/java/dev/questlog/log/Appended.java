package dev.questlog.log;

/**
 * Where an appended record landed.
 *
 * @param partition        the partition
 * @param offset           its offset, dense and monotonic per partition
 * @param timestampMillis  the append timestamp the log gave it
 */
public record Appended(int partition, long offset, long timestampMillis) {
    public Appended {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0, were " + partition + ", " + offset);
        }
    }
}
