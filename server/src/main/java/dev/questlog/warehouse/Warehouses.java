package dev.questlog.warehouse;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.duckdb.DuckDbWarehouse;
import dev.questlog.warehouse.postgres.PostgresWarehouse;
import java.nio.file.Path;
import java.time.InstantSource;

/** Opens the configured {@link Warehouse} engine (explicit registry: name → factory). */
public final class Warehouses {
    private Warehouses() {
    }

    /** Opens the engine of {@code config}; DuckDB keeps its file under {@code <dataDir>/warehouse}. */
    public static Warehouse open(WarehouseConfig config, Path dataDir, InstantSource clock) {
        return open(config, dataDir, clock, FaultHook.NONE);
    }

    /** As {@link #open(WarehouseConfig, Path, InstantSource)} with a fault hook (tests). */
    public static Warehouse open(WarehouseConfig config, Path dataDir, InstantSource clock, FaultHook hook) {
        return switch (config.engine()) {
            case "duckdb" -> DuckDbWarehouse.open(config, warehouseDir(dataDir), clock, hook);
            case "postgres" -> PostgresWarehouse.open(config, clock, hook);
            default -> throw new IllegalArgumentException("unknown warehouse engine '" + config.engine() + "'");
        };
    }

    public static Path warehouseDir(Path dataDir) {
        return dataDir.resolve("warehouse");
    }

    /** Where the loader puts local copies of lake files for a load (the only files DuckDB may read). */
    public static Path stagingDir(Path dataDir) {
        return warehouseDir(dataDir).resolve("staging");
    }
}
