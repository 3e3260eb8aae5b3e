package dev.questlog.warehouse.duckdb;

import dev.questlog.config.WarehouseConfig;
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
 * duplicates included) with a throwaway in-memory DuckDB. The view {@code events} covers
 * {@code events/app=<app>/date=*}/*.parquet} (every app when none is given); the instance may read only that
 * directory, and {@link SelectGuard} admits one SELECT over {@code events}. Local lake directories only (DuckDB's
 * S3 support is not available here). Stateless, thread-safe.
 */
public final class LakeQueries {
    private LakeQueries() {
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
            st.execute("CREATE TEMP VIEW events AS SELECT * FROM read_parquet(" + DuckDbWarehouse.literal(glob)
                    + ", hive_partitioning = false)");
            SelectGuard.check(c, sql, Set.of("events"));
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
