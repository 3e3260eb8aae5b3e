package dev.questlog.warehouse.duckdb;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.config.WarehouseView;
import dev.questlog.warehouse.JdbcValues;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.SideTables;
import dev.questlog.warehouse.ViewSql;
import dev.questlog.warehouse.WarehouseException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Analysts' queries on DuckDB. Each query gets its own connection to the instance, with TEMP views {@code events}
 * (the app's rows of {@code warm.events_all}) and one per configured event type; {@link SelectGuard} admits only a
 * single SELECT over those names; it runs in a transaction that is always rolled back, with a timeout and a row
 * limit. Thread-safe.
 */
final class DuckDbQueries {
    private final DuckDBConnection base;
    private final WarehouseConfig config;
    private final SideTables sideTables;

    DuckDbQueries(DuckDBConnection base, WarehouseConfig config, SideTables sideTables) {
        this.base = base;
        this.config = config;
        this.sideTables = sideTables;
    }

    private Set<String> tables() {
        Set<String> tables = new HashSet<>();
        tables.add("events");
        config.views().forEach(v -> tables.add(v.eventType()));
        tables.addAll(sideTables.all().keySet());
        return tables;
    }

    QueryResult query(String app, String sql) {
        try (DuckDBConnection conn = duplicate()) {
            SelectGuard.check(conn, sql, tables());
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                createScopedViews(st, app);
                st.setQueryTimeout((int) Math.max(1, config.sqlTimeout().toSeconds()));
                st.setMaxRows(config.sqlMaxRows() + 1);
                return JdbcValues.read(st.executeQuery(sql), config.sqlMaxRows());
            } finally {
                conn.rollback();
            }
        } catch (SQLTimeoutException e) {
            throw new QueryException("the query ran longer than " + config.sqlTimeout() + " (warehouse.sql.timeout)", e);
        } catch (SQLException e) {
            if (isInterrupted(e)) {
                throw new QueryException("the query ran longer than " + config.sqlTimeout() + " (warehouse.sql.timeout)", e);
            }
            if (e.getMessage() != null && e.getMessage().startsWith("Connection Error")) {
                throw new WarehouseException("the warehouse is not available: " + e.getMessage(), e);
            }
            throw new QueryException(firstLine(e.getMessage()), e);
        }
    }

    private DuckDBConnection duplicate() throws SQLException {
        synchronized (base) {
            return base.duplicate();
        }
    }

    private void createScopedViews(Statement st, String app) throws SQLException {
        st.execute("CREATE TEMP VIEW events AS SELECT * FROM warm.events_all WHERE app = "
                + DuckDbWarehouse.literal(app));
        for (String side : sideTables.all().keySet()) {
            st.execute("CREATE TEMP VIEW " + side + " AS SELECT * FROM warm." + side + " WHERE app = "
                    + DuckDbWarehouse.literal(app));
        }
        for (WarehouseView v : config.views()) {
            st.execute("CREATE TEMP VIEW " + v.eventType() + " AS " + ViewSql.select(v, "temp.events", false));
        }
    }

    private static boolean isInterrupted(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("INTERRUPT");
    }

    private static String firstLine(String s) {
        return s == null ? "query failed" : s.lines().findFirst().orElse(s);
    }
}
