package dev.questlog.bench;

import dev.questlog.warehouse.EventColumns;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;

/**
 * Fills a DuckDB file shaped like the warehouse's {@code warm.duckdb} (table {@code events_all}, same columns) with
 * synthetic gameplay, generated in DuckDB SQL so that 100M rows take minutes, not hours. Event dates ascend with the
 * row number over {@link #DAYS} days ending at {@code end}, so rows sit in (app, event_date, event_time) order, as
 * the loader appends them. Positions of {@code player_death} on {@code dust_valley} cluster (Gaussian, 90%) around
 * that map's four hotspots (level description in the server's resources), the rest is uniform over 0..1000.
 */
final class HeatmapData {
    static final int DAYS = 30;
    static final String APP = "arena";

    private HeatmapData() {
    }

    /** Opens a plain DuckDB connection on {@code file} for generating (not the product's locked-down one). */
    static Connection open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET memory_limit = '8GB'");
            st.execute("SET preserve_insertion_order = true");
        }
        return c;
    }

    /** Creates {@code events_all} and inserts {@code rows} events in warehouse order. */
    static void generate(Connection c, long rows, Instant end) throws SQLException {
        long spanMillis = DAYS * 86_400_000L;
        long startMillis = end.toEpochMilli() - spanMillis;
        // Deterministic choices from hashes of the row number; positions from random() (their exact values do not
        // matter, only their distribution).
        String type = "CASE WHEN h % 100 < 10 THEN 'player_death' WHEN h % 100 < 20 THEN 'player_kill' "
                + "WHEN h % 100 < 65 THEN 'player_position' WHEN h % 100 < 85 THEN 'item_pickup' "
                + "WHEN h % 100 < 92 THEN 'match_start' WHEN h % 100 < 97 THEN 'match_end' ELSE 'iap_transaction' END";
        String level = "['dust_valley','frost_keep','neon_docks'][1 + (h // 100) % 3]";
        String spot = "(h // 300) % 100";
        String hot = "event_type = 'player_death' AND level_id = 'dust_valley' AND (h // 30000) % 10 <> 0";
        String gauss = "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())";
        String cx = "CASE WHEN " + spot + " < 45 THEN 500 WHEN " + spot + " < 70 THEN 150 WHEN " + spot
                + " < 90 THEN 850 ELSE 500 END";
        String cy = "CASE WHEN " + spot + " < 45 THEN 500 WHEN " + spot + " < 70 THEN 600 WHEN " + spot
                + " < 90 THEN 380 ELSE 860 END";
        String radius = "CASE WHEN " + spot + " < 45 THEN 36 WHEN " + spot + " < 90 THEN 30 ELSE 44 END";
        String px = "CASE WHEN " + hot + " THEN " + cx + " + " + radius + " / 2.0 * " + gauss + " ELSE random() * 1000 END";
        String py = "CASE WHEN " + hot + " THEN " + cy + " + " + radius + " / 2.0 * " + gauss + " ELSE random() * 1000 END";
        String inner = String.format(Locale.ROOT, "SELECT i, CAST(hash(i) %% 4611686018427387904 AS BIGINT) AS h, epoch_ms(%d + i * %d // %d) "
                + "AS t FROM range(%d) r(i)", startMillis, spanMillis, Math.max(1, rows), rows);
        String typed = "SELECT i, h, t, " + type + " AS event_type, " + level + " AS level_id FROM (" + inner + ") g";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events_all (" + EventColumns.duckdbDefinition() + ")");
            st.execute("INSERT INTO events_all SELECT gen_random_uuid()::VARCHAR, event_type, t, CAST(t AS DATE), "
                    + "t + INTERVAL 300 MILLISECOND, epoch_ms(t), '" + APP + "', ['1.4.2','1.5.0'][1 + (h // 7) % 2], "
                    + "'1.0', 'player-' || (h // 11) % 50000, 's-' || (h // 13) % 200000, level_id, "
                    + px + ", " + py + ", NULL, ['server','client'][1 + (h // 17) % 2], 'k1', "
                    + "'{\"weapon\":\"' || ['rifle','shotgun','knife','sniper'][1 + (h // 19) % 4] || '\"}' "
                    + "FROM (" + typed + ") e");
        }
    }

    /**
     * What a rollup table would hold for the benchmark's request: {@code player_death} rows on {@code dust_valley}
     * and the distinct (event_date, app_version, trust, cell) keys they fall into at a 1/1024-of-the-level square
     * cell, the finest grid a rollup could use without moving points visibly.
     */
    static long[] rollupCells(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT count(*), "
                + "count(DISTINCT (event_date, app_version, trust, floor(position_x * 1.024), "
                + "floor(position_y * 1.024))) FROM events_all WHERE level_id = 'dust_valley' "
                + "AND event_type = 'player_death'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Writes the table as CSV (PostgreSQL's COPY reads it), columns in {@link EventColumns} order. */
    static void exportCsv(Connection c, Path csv) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("COPY (SELECT " + EventColumns.names() + " FROM events_all) TO '" + csv
                    + "' (FORMAT csv, HEADER false)");
        }
    }
}
