package dev.questlog.warehouse;

import java.time.Instant;

/**
 * One row of a lake Parquet file, as the lake writer produces it (test kit). Builders keep tests short.
 */
public record LakeRow(String eventId, String eventType, Instant eventTime, Instant receivedAt, String app,
                      String levelId, Double x, Double y, String attributes, int partition, long offset) {

    public static LakeRow of(String app, String eventId, Instant eventTime) {
        return new LakeRow(eventId, "player_death", eventTime, eventTime.plusMillis(250), app, "map_1", 1.5, 2.5,
                "{}", 0, 0);
    }

    public LakeRow receivedAt(Instant t) {
        return new LakeRow(eventId, eventType, eventTime, t, app, levelId, x, y, attributes, partition, offset);
    }

    public LakeRow type(String type, String attributesJson) {
        return new LakeRow(eventId, type, eventTime, receivedAt, app, levelId, x, y, attributesJson, partition, offset);
    }

    public LakeRow at(int newPartition, long newOffset) {
        return new LakeRow(eventId, eventType, eventTime, receivedAt, app, levelId, x, y, attributes, newPartition,
                newOffset);
    }

    public LakeRow level(String level) {
        return new LakeRow(eventId, eventType, eventTime, receivedAt, app, level, x, y, attributes, partition, offset);
    }
}
