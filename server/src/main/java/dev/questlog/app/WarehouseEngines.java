package dev.questlog.app;

import dev.questlog.config.ConfigException;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehousePaths;
import dev.questlog.warehouse.duckdb.DuckDbWarehouse;
import dev.questlog.warehouse.postgres.PostgresWarehouse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * The warm tier's engines, registered explicitly by the name used in {@code warehouse.engine}. Lives in the assembly
 * because only the assembly may know backends (see LayeringTest).
 */
public final class WarehouseEngines {
    @FunctionalInterface
    private interface Factory {
        Warehouse open(WarehouseConfig config, Path dataDir, InstantSource clock, FaultHook hook);
    }

    private static final Map<String, Factory> ENGINES = Map.of(
            "duckdb", (config, dataDir, clock, hook) ->
                    DuckDbWarehouse.open(config, WarehousePaths.warehouseDir(dataDir), clock, hook),
            "postgres", (config, dataDir, clock, hook) -> PostgresWarehouse.open(config, clock, hook));

    private WarehouseEngines() {
    }

    /** Opens the engine named by {@code warehouse.engine}; DuckDB keeps its file under {@code <dataDir>/warehouse}. */
    public static Warehouse open(WarehouseConfig config, Path dataDir, InstantSource clock) {
        Factory f = ENGINES.get(config.engine());
        if (f == null) {
            throw new ConfigException("warehouse.engine: unknown engine '" + config.engine() + "'; known: "
                    + ENGINES.keySet());
        }
        return f.open(config, dataDir, clock, FaultHook.NONE);
    }
}
