package dev.questlog.lake;

/**
 * How readers get the true {@code event_id} and {@code event_time} back from {@code events} files, which store the
 * two columns that repeat other columns as small leftovers (docs/lake.md, "Compact columns"):
 * <ul>
 *   <li>{@code event_id} (UUID) is NULL when {@code event_id_tail} rebuilds it: the id with its first 48 bits
 *       zeroed, those bits being {@code event_timestamp} (milliseconds, as in every UUIDv7 the SDK makes). The
 *       text form is {@code lpad(hex(event_timestamp), 12, '0')} split 8 + 4, then the tail's text from its 14th
 *       character: {@code 0193a5f2-7c1e} + {@code -7d3a-9b2c-4f5e6a7b8c9d}.</li>
 *   <li>{@code event_time} is NULL when it equals {@code event_timestamp + (received_at - sent_at)} in
 *       milliseconds, or {@code event_timestamp} when {@code sent_at} is NULL (the collector's skew correction,
 *       unclamped).</li>
 * </ul>
 * The writer checks both rebuilds row by row with this very SQL and stores the full value whenever a rebuild
 * differs (any other UUID, a clamped skew), so a NULL always means "rebuilt exactly". Files written before this
 * encoding have full columns and no {@code event_id_tail}; {@link #decoded} reads both. Stateless.
 */
public final class LakeEvents {
    /** The DuckDB macro {@code questlog_event_id(event_id, event_id_tail, event_timestamp)}: the id as text. */
    public static final String ID_MACRO = "questlog_event_id";
    /** The DuckDB macro {@code questlog_event_time(event_time, event_timestamp, received_at, sent_at)}. */
    public static final String TIME_MACRO = "questlog_event_time";
    /** The DuckDB table macro {@code questlog_lake_events(files)}: decoded rows of {@code read_parquet(files)}. */
    public static final String TABLE_MACRO = "questlog_lake_events";

    private LakeEvents() {
    }

    /**
     * The true id as text (VARCHAR): the stored id, else the rebuild from the tail; NULL when neither is there.
     * Arguments are SQL expressions.
     */
    static String eventIdSql(String id, String tail, String timestamp) {
        String hex = "lpad(lower(hex(" + timestamp + ")), 12, '0')";
        return "coalesce(CAST(" + id + " AS VARCHAR), try(substr(" + hex + ", 1, 8) || '-' || substr(" + hex
                + ", 9, 4) || substr(CAST(" + tail + " AS VARCHAR), 14)))";
    }

    /** The true event time (TIMESTAMP): the stored one, else the rebuild. Arguments are SQL expressions. */
    static String eventTimeSql(String time, String timestamp, String receivedAt, String sentAt) {
        return "coalesce(" + time + ", try(epoch_ms(" + timestamp + " + coalesce(epoch_ms(" + receivedAt + ") - "
                + sentAt + ", 0))))";
    }

    /**
     * {@code CREATE MACRO} statements (DuckDB, separated by {@code ;}) for {@code questlog_event_id},
     * {@code questlog_event_time}, {@code questlog_lake_events(files)} and {@link RawEvents}' {@code questlog_raw}.
     *
     * @param temporary whether to create them as {@code TEMP} macros (for read-only sessions)
     */
    public static String createMacros(boolean temporary) {
        String create = "CREATE OR REPLACE " + (temporary ? "TEMP " : "") + "MACRO ";
        return create + ID_MACRO + "(event_id, event_id_tail, event_timestamp) AS "
                + eventIdSql("event_id", "event_id_tail", "event_timestamp") + "; "
                + create + TIME_MACRO + "(event_time, event_timestamp, received_at, sent_at) AS "
                + eventTimeSql("event_time", "event_timestamp", "received_at", "sent_at") + "; "
                + create + TABLE_MACRO + "(files) AS TABLE " + decoded("read_parquet(files, hive_partitioning = false,"
                + " union_by_name = true)") + "; "
                + RawEvents.createMacro(temporary);
    }

    /**
     * A SELECT over {@code source} (e.g. {@code read_parquet([...], union_by_name = true)}) with every column of
     * the files, {@code event_id} (as text) and {@code event_time} true, and {@code event_id_tail} and
     * {@code raw_layout} present even when no file has them (NULL). {@link RawEvents#original()} works over it.
     */
    public static String decoded(String source) {
        // UNION ALL BY NAME with an empty typed row set adds the columns that older files lack, so the same query
        // reads any mix of files.
        return "SELECT * EXCLUDE (event_id_tail) REPLACE (" + eventIdSql("event_id", "event_id_tail", "event_timestamp")
                + " AS event_id, " + eventTimeSql("event_time", "event_timestamp", "received_at", "sent_at")
                + " AS event_time) FROM (SELECT * FROM " + source + " UNION ALL BY NAME SELECT NULL::UUID AS"
                + " event_id_tail, NULL::VARCHAR AS raw_layout WHERE false)";
    }
}
