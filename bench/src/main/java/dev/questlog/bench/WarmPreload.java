package dev.questlog.bench;

import dev.questlog.warehouse.EventColumns;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;

/**
 * Fills a warm table that the warehouse already created (its schema, indexes and bookkeeping tables) with the
 * preloaded history of {@link WarmRows} by SQL generation instead of the load path (26k events/s would take an hour
 * for 100M rows). Rows go in event order, as the loader leaves them, with the loader's own Parquet → events mapping
 * ({@link EventColumns#selectFromParquet()}); a row in {@code loaded_manifests} records them like a load would.
 */
final class WarmPreload {
    static final String MANIFEST = "bench-preload";
    private static final long CHUNK = 10_000_000;

    private WarmPreload() {
    }

    /** DuckDB: one INSERT … SELECT into the closed warehouse's file {@code warm.duckdb}, then a checkpoint. */
    static void duckdb(Path file, WarmRows rows, long base) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET memory_limit = '8GB'");
            st.execute("SET preserve_insertion_order = true");
            st.execute("INSERT INTO warm.events_all SELECT " + EventColumns.selectFromParquet() + " FROM ("
                    + WarmRows.lakeColumns(rows.history(0, base), 0) + ") p");
            record(c, base);
            st.execute("CHECKPOINT");
        }
    }

    /**
     * PostgreSQL: in one transaction, truncate, drop the two indexes and {@code COPY … (FREEZE)} CSV chunks written
     * by DuckDB (the next chunk is written while PostgreSQL reads the current one). With {@code wal_level=minimal}
     * the truncated table's data skips the WAL. The caller reopens the warehouse to recreate the indexes with its own
     * DDL, then runs VACUUM ANALYZE.
     */
    static void postgres(String url, Path tmp, WarmRows rows, long base) throws Exception {
        BlockingQueue<Path> ready = new ArrayBlockingQueue<>(2);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChunks(tmp, rows, base, ready));
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("TRUNCATE warm.events_all");
            st.execute("DROP INDEX warm.events_all_app_event_id");
            st.execute("DROP INDEX warm.events_all_app_date");
            for (long from = 0; from < base; from += CHUNK) {
                Path csv = ready.take();
                if (csv.getFileName().toString().equals("failed")) {
                    writer.join();
                }
                try (InputStream in = Files.newInputStream(csv)) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY warm.events_all (" + EventColumns.names()
                            + ") FROM STDIN (FORMAT csv, FREEZE true)", in, 1 << 20);
                }
                Files.delete(csv);
            }
            record(c, base);
            c.commit();
        }
        writer.join();
    }

    private static void writeChunks(Path tmp, WarmRows rows, long base, BlockingQueue<Path> ready) {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET preserve_insertion_order = true");
            for (long from = 0; from < base; from += CHUNK) {
                Path csv = tmp.resolve("preload-" + from + ".csv");
                st.execute("COPY (SELECT " + EventColumns.selectFromParquet() + " FROM (" + WarmRows.lakeColumns(
                        rows.history(from, Math.min(base, from + CHUNK)), 0) + ") p) TO '" + csv + "' (FORMAT csv, "
                        + "HEADER false, QUOTE '\"', ESCAPE '\"', FORCE_QUOTE *, NULLSTR '')");
                ready.put(csv);
            }
        } catch (SQLException | InterruptedException e) {
            ready.offer(tmp.resolve("failed"));
            throw new IllegalStateException("writing preload CSV failed: " + e.getMessage(), e);
        }
    }

    private static void record(Connection c, long base) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO warm.loaded_manifests (manifest_id, loaded_at, "
                + "files, rows_inserted) VALUES (?, now()::TIMESTAMP, 0, ?)")) {
            ps.setString(1, MANIFEST);
            ps.setLong(2, base);
            ps.executeUpdate();
        }
    }
}
