package dev.questlog.lake;

/**
 * One row of an {@code events} Parquet file, column for column in the order of the shared contract. Nullable
 * fields are absent in the event; times are epoch milliseconds. {@code raw} is always the original text here; the
 * file holds it only when {@code rawLayout} cannot rebuild it (see {@link RawLayout}).
 */
record EventRow(String eventId, String eventType, long eventTime, Long eventTimestamp, long receivedAt, String app,
                String appVersion, String eventVersion, String clientId, String sessionId, String levelId,
                Double positionX, Double positionY, Double positionZ, Long sentAt, String trust, String keyId,
                String attributes, String raw, String rawLayout, int logPartition, long logOffset) implements LakeRow {

    @Override
    public long eventTimeMillis() {
        return eventTime;
    }
}
