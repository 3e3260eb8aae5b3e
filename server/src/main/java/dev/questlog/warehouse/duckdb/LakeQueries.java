package dev.questlog.warehouse.duckdb;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.LakeEvents;
import dev.questlog.lake.RawEvents;
import dev.questlog.warehouse.JdbcValues;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Set;

/**
 * {@code ./questlog sql --lake}: one read-only query straight over the lake's Parquet files (cold tier, all history,
 * duplicates included) with a throwaway in-memory DuckDB. The view shows {@code raw} as the original event text
 * whether a file stores it or rebuilds it ({@link RawEvents}), and {@code event_id} (as text) and {@code event_time}
 * whether a file stores them or rebuilds them ({@link LakeEvents}); the macros of {@link LakeEvents#createMacros}
 * are there too. The view
 * {@code lake_events} (also named {@code events}, as the warm table is, so a query runs on either tier unchanged)
 * covers {@code events/app=<app>/date=*}/*.parquet} (every app when none is given); the instance may read only that
 * directory, and {@link SelectGuard} admits one SELECT over those two views. Local lake directories
 * only (DuckDB's S3 support is not available here). Stateless, thread-safe.
 */
public final class LakeQueries {
    private LakeQueries() {
    }

    /**
     * The contract's columns as before the lake stopped storing what it can rebuild: {@code event_id} as text and
     * {@code event_time} true ({@link LakeEvents}), {@code raw} always the original event (stored or rebuilt). Reads
     * files of every generation (with or without {@code raw_layout} and {@code event_id_tail}).
     */
    private static String eventsView(String files) {
        return "SELECT * EXCLUDE (raw_layout) REPLACE (" + RawEvents.original() + " AS raw) FROM ("
                + LakeEvents.decoded(files) + ")";
    }

    /** @param app the app whose files to read, or null for every app */
    public static QueryResult query(Path lakeRoot, String app, String sql, WarehouseConfig limits) {
        Path dir = app == null ? lakeRoot.resolve("events") : lakeRoot.resolve("events").resolve("app=" + app);
        if (!Files.isDirectory(dir)) {
            throw new QueryException("no lake files under " + dir);
        }
        String glob = dir.toAbsolutePath() + (app == null ? "/*/*/*.parquet" : "/*/*.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET allowed_directories = [" + DuckDbWarehouse.literal(dir.toAbsolutePath() + "/") + "]");
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
            st.execute(LakeEvents.createMacros(true));
            st.execute("CREATE TEMP VIEW events AS " + eventsView("read_parquet(" + DuckDbWarehouse.literal(glob)
                    + ", hive_partitioning = false, union_by_name = true)"));
            st.execute("CREATE TEMP VIEW lake_events AS SELECT * FROM events");
            SelectGuard.check(c, sql, Set.of("events", "lake_events"));
            st.setQueryTimeout((int) Math.max(1, limits.sqlTimeout().toSeconds()));
            st.setMaxRows(limits.sqlMaxRows() + 1);
            return JdbcValues.read(st.executeQuery(sql), limits.sqlMaxRows());
        } catch (SQLTimeoutException e) {
            throw new QueryException("the query ran longer than " + limits.sqlTimeout(), e);
        } catch (SQLException e) {
            String msg = e.getMessage() == null ? "query failed" : e.getMessage().lines().findFirst().orElse("");
            throw new QueryException(msg, e);
        }
    }
}
