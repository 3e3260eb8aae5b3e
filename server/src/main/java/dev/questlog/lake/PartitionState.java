package dev.questlog.lake;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sink holds for one partition: the progress marker as last published, the open batches per (app, date) and
 * the last offset read. Every cut takes all open batches at once, so the partition's files of one cut cover exactly
 * the offsets {@code marker.nextOffset .. lastRead} and consecutive cuts never overlap. Not thread-safe.
 */
final class PartitionState<R extends LakeRow> {
    private final int partition;
    private final Map<String, OpenBatch<R>> open = new HashMap<>();
    private ProgressMarker marker;
    private long lastRead = -1;
    private long inputBytes;

    PartitionState(ProgressMarker marker) {
        this.partition = marker.partition();
        this.marker = marker;
    }

    /**
     * Adds a record's row to its (app, date) batch and returns that batch. Returns null, adding nothing, for a record
     * below the marker's next offset: it is already in a file (a replay after a seek), and writing it again would
     * overlap.
     */
    OpenBatch<R> add(LakeTable<R> kind, ParquetStaging staging, R row, long offset, long bytes, long nowMillis)
            throws SQLException {
        if (offset < marker.nextOffset() || offset <= lastRead) {
            return null;
        }
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(row.eventTimeMillis()), ZoneOffset.UTC);
        String key = row.app() + '\u0000' + date;
        OpenBatch<R> batch = open.get(key);
        if (batch == null) {
            batch = new OpenBatch<>(row.app(), date, staging.create(kind), nowMillis);
            open.put(key, batch);
        }
        batch.add(kind, row, offset, bytes);
        lastRead = offset;
        inputBytes += bytes;
        return batch;
    }

    /** Whether the open batches must be cut now: one is full, or the oldest is old enough. */
    boolean due(long maxBytes, long maxAgeMillis, long nowMillis) {
        for (OpenBatch<R> b : open.values()) {
            if (b.inputBytes() >= maxBytes || nowMillis - b.openedAtMillis() >= maxAgeMillis) {
                return true;
            }
        }
        return false;
    }

    /** Age in ms of the oldest open batch, 0 when none. */
    long oldestAgeMillis(long nowMillis) {
        return open.values().stream().mapToLong(b -> nowMillis - b.openedAtMillis()).max().orElse(0);
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** The offset after the last record read: where the current cut ends. */
    long cutOffset() {
        return lastRead + 1;
    }

    List<OpenBatch<R>> batches() {
        return new ArrayList<>(open.values());
    }

    /** Forgets the open batches once their cut is published (or abandoned). */
    void cleared() {
        open.clear();
        inputBytes = 0;
    }

    int partition() {
        return partition;
    }

    long inputBytes() {
        return inputBytes;
    }

    ProgressMarker marker() {
        return marker;
    }

    void marker(ProgressMarker marker) {
        this.marker = marker;
    }
}
