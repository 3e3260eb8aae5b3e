package dev.questlog.app;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.postgres.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The live_metrics window store on a real PostgreSQL started by the suite, one fresh database per test. */
class WarehouseWindowStorePostgresIT extends WarehouseWindowStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    @TempDir
    Path dataDir;
    private String url;

    @BeforeEach
    void createDatabase() throws SQLException {
        String db = "live" + DATABASES.incrementAndGet();
        try (Connection c = TestPostgres.get().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        url = TestPostgres.url(db);
    }

    @Override
    protected Warehouse open() {
        WarehouseConfig config = WarehouseConfig.defaults().withPostgres(url, "postgres", "postgres");
        return WarehouseEngines.open(config, dataDir, InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")));
    }
}
