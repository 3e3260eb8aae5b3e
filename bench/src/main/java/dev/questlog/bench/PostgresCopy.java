package dev.questlog.bench;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.postgres.PostgresWarehouse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * An embedded PostgreSQL warm tier holding the same rows as the DuckDB one: the warehouse creates its schema, the
 * rows arrive by {@code COPY} from DuckDB's CSV (indexes dropped during the copy and rebuilt by the warehouse's own
 * DDL afterwards, which is faster than maintaining them row by row), then {@code VACUUM ANALYZE}.
 */
final class PostgresCopy {
    /** Times a step into the report's notes. */
    @FunctionalInterface
    interface Timer {
        void timed(String what, HeatmapBench.Step step) throws Exception;
    }

    /** Measures on the filled warehouse; {@code engine} names the server and its version. */
    @FunctionalInterface
    interface Measure {
        void accept(Warehouse w, String engine) throws Exception;
    }

    private PostgresCopy() {
    }

    static void run(Path csv, long rows, Timer timer, Measure measure) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "2GB")
                .setServerConfig("work_mem", "256MB").setServerConfig("maintenance_work_mem", "1GB")
                .setServerConfig("max_wal_size", "8GB").start()) {
            String version;
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE bench");
                try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                    rs.next();
                    version = rs.getString(1).split(" ")[0];
                }
            }
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/bench";
            WarehouseConfig config = WarehouseConfig.defaults().withPostgres(url, "postgres", "postgres");
            PostgresWarehouse.open(config, InstantSource.system(), FaultHook.NONE).close();
            timer.timed(String.format(Locale.ROOT, "COPY %,d events into PostgreSQL %s, rebuild indexes, VACUUM ANALYZE",
                    rows, version), () -> copy(url, csv, config));
            try (Warehouse w = PostgresWarehouse.open(config, InstantSource.system(), FaultHook.NONE)) {
                measure.accept(w, "postgres " + version);
            }
        }
    }

    private static void copy(String url, Path csv, WarehouseConfig config) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute("DROP INDEX warm.events_all_app_event_id");
            st.execute("DROP INDEX warm.events_all_app_date");
            try (InputStream in = Files.newInputStream(csv)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY warm.events_all (" + EventColumns.names()
                        + ") FROM STDIN (FORMAT csv)", in, 1 << 20);
            }
        }
        // Opening the warehouse runs its schema DDL, which recreates the two indexes.
        PostgresWarehouse.open(config, InstantSource.system(), FaultHook.NONE).close();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE warm.events_all");
        }
    }
}
