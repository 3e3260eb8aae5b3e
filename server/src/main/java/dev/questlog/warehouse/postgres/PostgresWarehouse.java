package dev.questlog.warehouse.postgres;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.SideTable;
import dev.questlog.warehouse.SideTables;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;

/**
 * The scale-out warm tier on PostgreSQL (and the stand-in for Redshift, which speaks its protocol). Loads stream the
 * lake's Parquet rows into {@code COPY … FROM STDIN}; {@code (app, event_id)} is unique, so doubles are impossible.
 * Analysts' queries log in as a per-app reader role that can only SELECT from app-filtered views, in read-only
 * transactions ({@link PostgresQueries}). Thread-safety: loads and admin calls are serialized on the owner
 * connection, which is reopened when PostgreSQL dropped it; queries use their own connections.
 */
public final class PostgresWarehouse implements Warehouse {
    private final WarehouseConfig config;
    private final InstantSource clock;
    private final FaultHook hook;
    private Connection conn;
    private PostgresLoader loader;
    private final PostgresQueries queries;
    private final ReaderRoles readers = new ReaderRoles();
    private final SideTables sideTables = new SideTables();

    private PostgresWarehouse(Connection conn, WarehouseConfig config, InstantSource clock, FaultHook hook) {
        this.conn = conn;
        this.config = config;
        this.clock = clock;
        this.hook = hook;
        this.loader = new PostgresLoader(conn, hook);
        this.queries = new PostgresQueries(this::readerFor, config);
    }

    /** Connects as the owner user and creates or updates the schema and views. */
    public static PostgresWarehouse open(WarehouseConfig config, InstantSource clock, FaultHook hook) {
        try {
            Connection conn = DriverManager.getConnection(config.postgresUrl(), config.postgresUser(),
                    config.postgresPassword());
            try {
                PostgresSchema.create(conn, config.views());
            } catch (SQLException e) {
                conn.close();
                throw e;
            }
            return new PostgresWarehouse(conn, config, clock, hook);
        } catch (SQLException e) {
            throw new WarehouseException("cannot open the PostgreSQL warehouse at " + config.postgresUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The owner connection, opened again when PostgreSQL dropped it (a restart, a failover, a network cut): without
     * this one outage would keep the warm tier down until QuestLog restarts, while the loader only needs a working
     * connection to catch up from its committed offsets. Callers hold this object's lock.
     */
    private Connection owner() throws SQLException {
        if (conn.isValid(5)) {
            return conn;
        }
        try {
            conn.close();
        } catch (SQLException e) {
            // the old connection is broken anyway; closing it only frees what is left of it
        }
        conn = DriverManager.getConnection(config.postgresUrl(), config.postgresUser(), config.postgresPassword());
        loader = new PostgresLoader(conn, hook);
        return conn;
    }

    /** The login of the app's reader role, created on first use; its password is new for each process. */
    private synchronized ReaderRoles.Login readerFor(String app) {
        try {
            return readers.loginFor(owner(), app);
        } catch (SQLException e) {
            throw new WarehouseException("cannot prepare the reader role of app " + app + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized LoadResult load(Manifest manifest, Collection<StagedFile> files) {
        try {
            owner();
            return loader.load(manifest, files);
        } catch (SQLException e) {
            throw new WarehouseException("loading manifest " + manifest.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isLoaded(String manifestId) {
        try {
            owner();
            return loader.isLoaded(manifestId);
        } catch (SQLException e) {
            throw new WarehouseException("cannot read loaded manifests: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Set<String> loadedFiles(Collection<String> lakePaths) {
        try {
            owner();
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
        try (PreparedStatement ps = owner().prepareStatement("DELETE FROM warm.events_all WHERE event_date < ?")) {
            ps.setObject(1, firstKeptDate);
            return ps.executeLargeUpdate();
        } catch (SQLException e) {
            throw new WarehouseException("retention delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long applyRetention() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return deleteBefore(today.minusDays(config.retention().toDays()));
    }

    /**
     * Nothing to do: PostgreSQL's heap has no zonemaps to sort for. Time-bounded heatmaps use the (app, event_date)
     * index; rewriting days would only leave dead tuples for VACUUM.
     */
    @Override
    public java.util.Optional<dev.questlog.warehouse.DayCompaction> compactNextDay() {
        return java.util.Optional.empty();
    }

    @Override
    public synchronized void ensureTable(SideTable table) {
        try {
            PostgresSchema.createSideTable(owner(), table);
            sideTables.register(table);
        } catch (SQLException e) {
            throw new WarehouseException("cannot create side table " + table.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void insert(String table, java.util.List<java.util.List<Object>> rows) {
        try {
            SideTables.insert(owner(), "warm." + table, sideTables.get(table), rows);
        } catch (SQLException e) {
            throw new WarehouseException("cannot insert into side table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized java.util.List<String> apps() {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Statement st = owner().createStatement();
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
        try (Statement st = owner().createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM warm.events_all")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new WarehouseException("count failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "postgres";
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new WarehouseException("closing the PostgreSQL warehouse failed: " + e.getMessage(), e);
        }
    }

}
