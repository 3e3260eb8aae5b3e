package dev.questlog.warehouse.postgres;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.JdbcValues;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * Analysts' queries on PostgreSQL: a fresh connection logged in as the app's reader role, a READ ONLY transaction
 * that is always rolled back, a statement timeout and a row limit. The role's privileges, not text inspection, are
 * what refuse writes and other apps' rows. Thread-safe.
 */
final class PostgresQueries {
    private static final String QUERY_CANCELED = "57014";

    private final Function<String, ReaderRoles.Login> logins;
    private final WarehouseConfig config;

    PostgresQueries(Function<String, ReaderRoles.Login> logins, WarehouseConfig config) {
        this.logins = logins;
        this.config = config;
    }

    QueryResult query(String app, String sql) {
        ReaderRoles.Login login = logins.apply(app);
        Connection conn;
        try {
            conn = DriverManager.getConnection(config.postgresUrl(), login.role(), login.password());
        } catch (SQLException e) {
            throw new WarehouseException("cannot connect as the reader of app " + app + ": " + e.getMessage(), e);
        }
        try (conn) {
            conn.setAutoCommit(false);
            conn.setReadOnly(true);
            try (Statement st = conn.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + config.sqlTimeout().toMillis());
                st.setMaxRows(config.sqlMaxRows() + 1);
                return JdbcValues.read(st.executeQuery(sql), config.sqlMaxRows());
            } finally {
                conn.rollback();
            }
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                throw new QueryException("the query ran longer than " + config.sqlTimeout()
                        + " (warehouse.sql.timeout)", e);
            }
            throw new QueryException(firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "query failed" : s.lines().findFirst().orElse(s);
    }
}
