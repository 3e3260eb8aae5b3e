package dev.questlog.lake;

import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The rows of one (app, date) read from one partition since its last cut, staged in DuckDB. Tracks what the file's
 * name and pointer need: offsets, row count, event-time range, and the input bytes and opening time that decide
 * when the batch is cut. Not thread-safe (owned by one sink thread).
 */
final class OpenBatch<R extends LakeRow> {
    private final String app;
    private final LocalDate date;
    private final ParquetStaging.Staged staged;
    private final long openedAtMillis;
    private long rows;
    private long inputBytes;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long minEventTime = Long.MAX_VALUE;
    private long maxEventTime = Long.MIN_VALUE;

    OpenBatch(String app, LocalDate date, ParquetStaging.Staged staged, long openedAtMillis) {
        this.app = app;
        this.date = date;
        this.staged = staged;
        this.openedAtMillis = openedAtMillis;
    }

    void add(LakeTable<R> kind, R row, long offset, long bytes) throws SQLException {
        kind.append(staged.appender(), row);
        rows++;
        inputBytes += bytes;
        if (firstOffset < 0) {
            firstOffset = offset;
        }
        lastOffset = offset;
        minEventTime = Math.min(minEventTime, row.eventTimeMillis());
        maxEventTime = Math.max(maxEventTime, row.eventTimeMillis());
    }

    /** The pointer this batch's file gets once written ({@code bytes} = file size). */
    LakeFile toLakeFile(String prefix, int partition, long bytes) {
        return new LakeFile(LakeFile.path(prefix, app, date, partition, firstOffset, lastOffset), app, date, rows,
                minEventTime, maxEventTime, partition, firstOffset, lastOffset, bytes);
    }

    ParquetStaging.Staged staged() {
        return staged;
    }

    long inputBytes() {
        return inputBytes;
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    long rows() {
        return rows;
    }
}
