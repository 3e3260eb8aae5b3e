package dev.questlog.warehouse;

import java.nio.file.Path;

/** Where the warm tier keeps its local files under the data directory. */
public final class WarehousePaths {
    private WarehousePaths() {
    }

    /** {@code <data_dir>/warehouse}: the DuckDB file {@code warm.duckdb} lives here. */
    public static Path warehouseDir(Path dataDir) {
        return dataDir.resolve("warehouse");
    }

    /**
     * {@code <data_dir>/warehouse/staging}: where lake files are copied for a load. For DuckDB it is the only
     * directory the engine may read files from (it must be {@code staging} under the DuckDB directory).
     */
    public static Path stagingDir(Path dataDir) {
        return warehouseDir(dataDir).resolve("staging");
    }
}
