package dev.questlog.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Synthetic events shaped like the lake's Parquet rows (the 21 columns the warehouse loader reads), generated in
 * DuckDB SQL from an event number {@code i} and its epoch milliseconds. Event {@code i < base} is the preloaded
 * history: its time ascends with {@code i} over {@code days} days ending at {@code end}, so rows sorted by {@code i}
 * are in the loader's (app, event_date, event_time) order. Event ids are UUIDv7 as the SDK makes them (48 bits of
 * the event's milliseconds, version 7, variant 10, the rest from hashes of {@code i}), so any event can be
 * regenerated exactly, which is how a batch repeats events already in the table. Immutable.
 */
final class WarmRows {
    static final String APP = "arena";

    private final long base;
    private final long startMillis;
    private final long spanMillis;

    WarmRows(long base, Instant end, int days) {
        this.base = base;
        this.spanMillis = Duration.ofDays(days).toMillis();
        this.startMillis = end.toEpochMilli() - spanMillis;
    }

    /** SQL of preloaded events {@code [from, to)}: columns {@code i, ms}. */
    String history(long from, long to) {
        return String.format(Locale.ROOT, "SELECT i, %d + i * %d // %d AS ms FROM range(%d, %d) r(i)", startMillis,
                spanMillis, Math.max(1, base), from, to);
    }

    /** The number of the first preloaded event at or after {@code t}. */
    long historyIndexAt(Instant t) {
        long i = Math.ceilDiv((t.toEpochMilli() - startMillis) * base, spanMillis);
        return Math.max(0, Math.min(base, i));
    }

    /** SQL of new events {@code [from, to)} spread evenly over {@code [start, start + span)}: columns {@code i, ms}. */
    static String fresh(long from, long to, Instant start, Duration span) {
        return String.format(Locale.ROOT, "SELECT i, %d + (i - %d) * %d // %d AS ms FROM range(%d, %d) r(i)",
                start.toEpochMilli(), from, span.toMillis(), Math.max(1, to - from), from, to);
    }

    /**
     * The lake's 21 Parquet columns over {@code numbered} (columns {@code i, ms}); {@code resentMillis} is added to
     * received_at, as for a copy the client sent again later.
     */
    static String lakeColumns(String numbered, long resentMillis) {
        String h = "CAST(hash(i) % 4611686018427387904 AS BIGINT)";
        String id = "printf('%08x-%04x-7%03x-%04x-%012x', ms >> 16, ms & 65535, hash(i) & 4095, "
                + "32768 | ((hash(i) >> 12) & 16383), hash(i * 7 + 3) & 281474976710655)";
        String type = "CASE WHEN h % 100 < 10 THEN 'player_death' WHEN h % 100 < 20 THEN 'player_kill' "
                + "WHEN h % 100 < 65 THEN 'player_position' WHEN h % 100 < 85 THEN 'item_pickup' "
                + "WHEN h % 100 < 92 THEN 'match_start' WHEN h % 100 < 97 THEN 'match_end' ELSE 'iap_transaction' END";
        return "SELECT " + id + " AS event_id, " + type + " AS event_type, epoch_ms(ms) AS event_time, ms AS "
                + "event_timestamp, epoch_ms(ms + 300 + " + resentMillis + ") AS received_at, '" + APP + "' AS app, "
                + "['1.4.2','1.5.0'][1 + (h // 7) % 2] AS app_version, '1.0' AS event_version, "
                + "'player-' || (h // 11) % 50000 AS client_id, 's-' || (h // 13) % 200000 AS session_id, "
                + "['dust_valley','frost_keep','neon_docks'][1 + (h // 100) % 3] AS level_id, "
                + "((h // 23) % 10000) / 10.0 AS position_x, ((h // 29) % 10000) / 10.0 AS position_y, "
                + "NULL::DOUBLE AS position_z, ms + 250 AS sent_at, ['server','client'][1 + (h // 17) % 2] AS trust, "
                + "'k1' AS key_id, '{\"weapon\":\"' || ['rifle','shotgun','knife','sniper'][1 + (h // 19) % 4] "
                + "|| '\",\"damage\":' || (h // 31) % 100 || '}' AS attributes, '{}' AS raw, "
                + "CAST(i % 8 AS INTEGER) AS log_partition, i AS log_offset FROM (SELECT i, ms, " + h + " AS h FROM ("
                + numbered + ") n) g";
    }
}
