package dev.questlog.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The registered side tables of an engine, and the JDBC insert both engines use. Thread-safe. */
public final class SideTables {
    private final Map<String, SideTable> tables = new ConcurrentHashMap<>();

    public void register(SideTable t) {
        tables.put(t.name(), t);
    }

    public Map<String, SideTable> all() {
        return Collections.unmodifiableMap(tables);
    }

    public SideTable get(String name) {
        SideTable t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no side table '" + name + "'; call ensureTable first");
        }
        return t;
    }

    /** Inserts rows into {@code <schema>.<table>} in one transaction on {@code conn}. */
    public static void insert(Connection conn, String qualifiedTable, SideTable t, List<List<Object>> rows)
            throws SQLException {
        int n = t.columns().size() + 1;
        String marks = String.join(", ", Collections.nCopies(n, "?"));
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + qualifiedTable + " (" + t.columnNames()
                + ") VALUES (" + marks + ")")) {
            for (List<Object> row : rows) {
                if (row.size() != n) {
                    throw new IllegalArgumentException("side table " + t.name() + " rows have " + n + " values (app "
                            + "first), got " + row.size());
                }
                for (int i = 0; i < n; i++) {
                    Object v = row.get(i);
                    ps.setObject(i + 1, v instanceof Instant inst ? LocalDateTime.ofInstant(inst, ZoneOffset.UTC) : v);
                }
                ps.addBatch();
            }
            ps.executeBatch();
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }
}
