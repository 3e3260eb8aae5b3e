package dev.questlog.lake;

/**
 * One row of a {@code failed} Parquet file: a rejected event with its reason, as read from stream
 * {@code failed-events}. Filed under the UTC date it was received.
 */
record FailedRow(String app, String keyId, long receivedAt, String reason, String field, Integer idx, String eventId,
                 String raw, int logPartition, long logOffset) implements LakeRow {

    @Override
    public long eventTimeMillis() {
        return receivedAt;
    }
}
