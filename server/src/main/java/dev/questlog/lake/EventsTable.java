package dev.questlog.lake;

import dev.questlog.log.ReadRecord;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * The {@code events} files: columns and order fixed by the shared contract. What keeps them small (see BENCHMARKS.md,
 * "Cold tier"): {@code raw} only where {@link RawEvents} cannot rebuild the event exactly; event_id and event_time
 * only where {@link LakeEvents} cannot rebuild them (an SDK's UUIDv7 id is stored as its 80 random bits, the time as
 * nothing at all); ids as 16-byte UUIDs; times in milliseconds; rows sorted by (client_id, event_time) inside a
 * file, so that one player's events sit together and their times, ids and attributes differ little from row to row.
 */
final class EventsTable implements LakeTable<EventRow> {
    private final StoredEventDecoder decoder = new StoredEventDecoder();

    @Override
    public String stream() {
        return "events";
    }

    @Override
    public String prefix() {
        return "events";
    }

    @Override
    public boolean announced() {
        return true;
    }

    @Override
    public EventRow decode(ReadRecord record) {
        return decoder.decode(record);
    }

    @Override
    public boolean undecodable(EventRow row) {
        return StoredEventDecoder.isUndecodable(row);
    }

    @Override
    public String stagingColumns() {
        return "(event_id VARCHAR, event_type VARCHAR, event_time BIGINT, event_timestamp BIGINT, received_at BIGINT,"
                + " app VARCHAR, app_version VARCHAR, event_version VARCHAR, client_id VARCHAR, session_id VARCHAR,"
                + " level_id VARCHAR, position_x DOUBLE, position_y DOUBLE, position_z DOUBLE, sent_at BIGINT,"
                + " trust VARCHAR, key_id VARCHAR, attributes VARCHAR, raw VARCHAR, raw_layout VARCHAR,"
                + " log_partition INTEGER, log_offset BIGINT)";
    }

    @Override
    public void append(DuckDBAppender a, EventRow r) throws SQLException {
        a.beginRow();
        Appends.text(a, r.eventId()).text(r.eventType()).int64(r.eventTime()).int64(r.eventTimestamp())
                .int64(r.receivedAt()).text(r.app()).text(r.appVersion()).text(r.eventVersion()).text(r.clientId())
                .text(r.sessionId()).text(r.levelId()).float64(r.positionX()).float64(r.positionY())
                .float64(r.positionZ()).int64(r.sentAt()).text(r.trust()).text(r.keyId()).text(r.attributes())
                .text(r.raw()).text(r.rawLayout()).int32(r.logPartition()).int64(r.logOffset());
        a.endRow();
    }

    @Override
    public String setupSql() {
        return RawEvents.createMacro(false);
    }

    /**
     * Typed as in the file, then {@code raw} dropped where the rebuilt text equals it, and {@code event_id} and
     * {@code event_time} left NULL where {@link LakeEvents} rebuilds them (each checked row by row with the readers'
     * SQL). Sorted by the true time.
     */
    @Override
    public String parquetSelect(String table) {
        String typed = "SELECT CAST(event_id AS UUID) AS event_id,"
                + " TRY_CAST('00000000-0000' || substr(event_id, 14) AS UUID) AS tail, event_type,"
                + " CAST(epoch_ms(event_time) AS TIMESTAMP_MS) AS event_time, event_timestamp,"
                + " CAST(epoch_ms(received_at) AS TIMESTAMP_MS) AS received_at, app, app_version, event_version,"
                + " client_id, session_id, level_id, position_x, position_y, position_z, sent_at, trust, key_id,"
                + " attributes, raw, raw_layout, log_partition, log_offset FROM " + table;
        // Only timestamps that fit the 48 bits: other engines' hex functions may print negatives differently.
        String checked = "SELECT *, coalesce(raw = " + RawEvents.rebuilt() + ", false) AS rebuilt,"
                + " coalesce(event_timestamp BETWEEN 0 AND 281474976710655 AND "
                + LakeEvents.eventIdSql("NULL", "tail", "event_timestamp")
                + " = CAST(event_id AS VARCHAR), false) AS id_rebuilt,"
                + " coalesce(" + LakeEvents.eventTimeSql("NULL", "event_timestamp", "received_at", "sent_at")
                + " = event_time, false) AS time_rebuilt, event_time AS true_time FROM (" + typed + ")";
        return "SELECT CASE WHEN id_rebuilt THEN NULL ELSE event_id END AS event_id,"
                + " CASE WHEN id_rebuilt THEN tail END AS event_id_tail, event_type,"
                + " CASE WHEN time_rebuilt THEN NULL ELSE event_time END AS event_time, event_timestamp, received_at,"
                + " app, app_version, event_version, client_id, session_id, level_id, position_x, position_y,"
                + " position_z, sent_at, trust, key_id, attributes, CASE WHEN rebuilt THEN NULL ELSE raw END AS raw,"
                + " CASE WHEN rebuilt THEN raw_layout END AS raw_layout, log_partition, log_offset FROM (" + checked
                + ") ORDER BY client_id, true_time, log_offset";
    }
}
