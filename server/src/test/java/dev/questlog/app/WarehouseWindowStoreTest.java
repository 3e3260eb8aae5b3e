package dev.questlog.app;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** The live_metrics window store on the embedded DuckDB engine. */
class WarehouseWindowStoreTest extends WarehouseWindowStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected Warehouse open() {
        return WarehouseEngines.open(WarehouseConfig.defaults(), dataDir,
                InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")));
    }
}
