package dev.questlog.app;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseLoader;
import dev.questlog.warehouse.WarehousePaths;
import dev.questlog.web.Auth;
import dev.questlog.web.Health;
import dev.questlog.web.SqlRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The warm tier as the assembly runs it: the engine, the loader (role {@code warehouse}) and the SQL routes (role
 * {@code api}). With DuckDB both roles must run in the same process (the file has one writer); with PostgreSQL they
 * may be split. Lifecycle: {@link #start} → {@link #close} (loader first, so it loads what is pending, then routes,
 * then the engine).
 */
public final class WarehouseStage implements AutoCloseable {
    private final Warehouse warehouse;
    private final WarehouseLoader loader;
    private SqlRoutes routes;

    private WarehouseStage(Warehouse warehouse, WarehouseLoader loader) {
        this.warehouse = warehouse;
        this.loader = loader;
    }

    /**
     * Opens the engine and, when {@code runLoader}, starts the loader on {@code lake-files}; registers health checks
     * {@code warehouse} (engine answers) and {@code warehouse-loader}.
     */
    public static WarehouseStage start(WarehouseConfig config, Path dataDir, EventLog log, ObjectStore lake,
                                       InstantSource clock, MeterRegistry registry, Health health, boolean runLoader) {
        Warehouse warehouse = WarehouseEngines.open(config, dataDir, clock);
        WarehouseLoader loader = null;
        try {
            if (runLoader) {
                loader = WarehouseLoader.start(config, log, lake, warehouse, WarehousePaths.stagingDir(dataDir), clock,
                        registry);
                WarehouseLoader running = loader;
                health.register("warehouse-loader", false, running::healthy);
            }
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
        health.register("warehouse", false, () -> warehouse.countEvents() >= 0);
        return new WarehouseStage(warehouse, loader);
    }

    /** The engine, for other stages that read the warm tier through its interface. */
    public Warehouse warehouse() {
        return warehouse;
    }

    /** The {@code POST /v1/sql} routes (created once). */
    public synchronized SqlRoutes sqlRoutes(Auth auth) {
        if (routes == null) {
            routes = new SqlRoutes(warehouse, auth, 2);
        }
        return routes;
    }

    @Override
    public void close() {
        try {
            if (loader != null) {
                loader.close();
            }
            if (routes != null) {
                routes.close();
            }
        } finally {
            warehouse.close();
        }
    }
}
