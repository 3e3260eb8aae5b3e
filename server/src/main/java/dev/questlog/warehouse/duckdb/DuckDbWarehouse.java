package dev.questlog.warehouse.duckdb;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.DayCompaction;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.SideTable;
import dev.questlog.warehouse.SideTables;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * The embedded warm tier: an in-process DuckDB file {@code warm.duckdb}. Events live in {@code warm.events_all},
 * appended in (app, event_date, event_time) order per load so that row-group zonemaps prune time-bounded queries;
 * closed days are rewritten in (app, event_date, level_id, event_type, event_time) order ({@link DuckDbCompactor})
 * so that heatmaps prune by level and type too.
 *
 * <p>DuckDB has no users and no read-only connection beside a writer in the same process, so the instance is locked
 * down at open: external access is disabled (only the staging directory stays readable, for loads) and the
 * configuration is locked. Analysts' queries go through {@link DuckDbQueries}. Thread-safety: loads are serialized;
 * queries use their own connections and may run concurrently.
 */
public final class DuckDbWarehouse implements Warehouse {
    private final DuckDBConnection conn;
    private final WarehouseConfig config;
    private final InstantSource clock;
    private final DuckDbLoader loader;
    private final DuckDbCompactor compactor;
    private final DuckDbQueries queries;
    private final SideTables sideTables = new SideTables();

    private final DuckDBConnection queryBase;

    private DuckDbWarehouse(DuckDBConnection conn, DuckDBConnection queryBase, WarehouseConfig config,
                            InstantSource clock, FaultHook hook) {
        this.conn = conn;
        this.queryBase = queryBase;
        this.config = config;
        this.clock = clock;
        this.loader = new DuckDbLoader(conn, config.dedupeWindow(), hook);
        this.compactor = new DuckDbCompactor(conn, hook);
        this.queries = new DuckDbQueries(queryBase, config, sideTables);
    }

    /**
     * Opens (creating if needed) {@code dir/warm.duckdb}; {@code dir/staging} is the only directory it reads files
     * from.
     */
    public static DuckDbWarehouse open(WarehouseConfig config, Path dir, InstantSource clock, FaultHook hook) {
        try {
            Path staging = Files.createDirectories(dir.resolve("staging")).toRealPath();
            Properties props = new Properties();
            props.setProperty("memory_limit", config.duckdbMemoryLimit() + "B");
            props.setProperty("threads", String.valueOf(config.duckdbThreads()));
            DuckDBConnection conn = (DuckDBConnection) DriverManager.getConnection(
                    "jdbc:duckdb:" + dir.toRealPath().resolve("warm.duckdb"), props);
            try (Statement st = conn.createStatement()) {
                st.execute("SET allowed_directories = [" + literal(staging + "/") + "]");
                st.execute("SET enable_external_access = false");
                st.execute("SET lock_configuration = true");
                createSchema(st);
            } catch (SQLException e) {
                conn.close();
                throw e;
            }
            // Queries duplicate their connections from one of their own, never from the loader's.
            return new DuckDbWarehouse(conn, conn.duplicate(), config, clock, hook);
        } catch (SQLException | IOException e) {
            throw new WarehouseException("cannot open the DuckDB warehouse in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createSchema(Statement st) throws SQLException {
        // The file warm.duckdb is the catalog "warm": tables live in its main schema, named warm.<table>.
        st.execute("CREATE TABLE IF NOT EXISTS warm.events_all (" + dev.questlog.warehouse.EventColumns.duckdbDefinition()
                + ")");
        st.execute("CREATE TABLE IF NOT EXISTS warm.loaded_manifests (manifest_id VARCHAR PRIMARY KEY, "
                + "loaded_at TIMESTAMP NOT NULL, files INTEGER NOT NULL, rows_inserted BIGINT NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS warm.loaded_files (path VARCHAR PRIMARY KEY, "
                + "manifest_id VARCHAR NOT NULL)");
        st.execute(DuckDbCompactor.TABLE_DDL);
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public synchronized LoadResult load(Manifest manifest, Collection<StagedFile> files) {
        try {
            return loader.load(manifest, files);
        } catch (SQLException e) {
            throw new WarehouseException("loading manifest " + manifest.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isLoaded(String manifestId) {
        try {
            return loader.isLoaded(manifestId);
        } catch (SQLException e) {
            throw new WarehouseException("cannot read loaded manifests: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Set<String> loadedFiles(Collection<String> lakePaths) {
        try {
            return loader.loadedFiles(lakePaths);
        } catch (SQLException e) {
            throw new WarehouseException("cannot read loaded files: " + e.getMessage(), e);
        }
    }

    @Override
    public QueryResult query(String app, String sql) {
        return queries.query(app, sql);
    }

    @Override
    public synchronized long deleteBefore(LocalDate firstKeptDate) {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM warm.events_all WHERE event_date < ?")) {
            ps.setObject(1, firstKeptDate);
            long deleted = ps.executeLargeUpdate();
            compactor.forgetBefore(firstKeptDate);
            return deleted;
        } catch (SQLException e) {
            throw new WarehouseException("retention delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long applyRetention() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return deleteBefore(today.minusDays(config.retention().toDays()));
    }

    @Override
    public synchronized Optional<DayCompaction> compactNextDay() {
        try {
            return compactor.compactNextDay(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        } catch (SQLException e) {
            throw new WarehouseException("day compaction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void ensureTable(SideTable table) {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS warm." + table.name() + " (" + table.definition(false) + ")");
            sideTables.register(table);
        } catch (SQLException e) {
            throw new WarehouseException("cannot create side table " + table.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insert(String table, java.util.List<java.util.List<Object>> rows) {
        try {
            SideTables.insert(conn, "warm." + table, sideTables.get(table), rows);
        } catch (SQLException e) {
            throw new WarehouseException("cannot insert into side table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized java.util.List<String> apps() {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT app FROM warm.events_all ORDER BY app")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new WarehouseException("cannot list apps: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long countEvents() {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM warm.events_all")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new WarehouseException("count failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "duckdb";
    }

    @Override
    public synchronized void close() {
        try {
            queryBase.close();
            conn.close();
        } catch (SQLException e) {
            throw new WarehouseException("closing the DuckDB warehouse failed: " + e.getMessage(), e);
        }
    }

}
