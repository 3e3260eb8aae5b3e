package dev.questlog.warehouse.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.warehouse.QueryException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Admits only what an analyst's query may do, using DuckDB's own parser ({@code json_serialize_sql}): exactly one
 * SELECT statement, reading only the app-scoped views ({@code events} and the per-type views) and its own CTEs — no
 * schema- or catalog-qualified names (the base table lives in schema {@code warm}), no table functions
 * ({@code read_parquet}, {@code query_table}, …) and no files named as tables. Writes never reach the executor; if
 * something slipped past, the query still runs in a transaction that is always rolled back, on an instance with
 * external access disabled. Stateless, thread-safe.
 */
final class SelectGuard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SelectGuard() {
    }

    static void check(Connection conn, String sql, Set<String> allowedTables) throws SQLException {
        JsonNode tree = parse(conn, sql);
        if (tree.path("error").asBoolean(true)) {
            String msg = tree.path("error_message").asText("cannot parse");
            throw new QueryException(msg.contains("Only SELECT") ? "read-only: only a single SELECT query is allowed"
                    : "invalid query: " + msg);
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw new QueryException("read-only: exactly one SELECT statement is allowed, got " + statements.size());
        }
        Set<String> names = new HashSet<>(allowedTables);
        collectCteNames(statements, names);
        checkNode(statements, names);
    }

    private static JsonNode parse(Connection conn, String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT json_serialize_sql(?)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        } catch (IOException e) {
            throw new QueryException("invalid query: " + e.getMessage(), e);
        }
    }

    private static void collectCteNames(JsonNode node, Set<String> names) {
        if (node.isObject() && node.has("cte_map")) {
            for (JsonNode entry : node.path("cte_map").path("map")) {
                names.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
        }
        node.forEach(child -> collectCteNames(child, names));
    }

    private static void checkNode(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if (type.equals("TABLE_FUNCTION")) {
                throw new QueryException("table functions such as "
                        + node.path("function").path("function_name").asText("?") + "() are not available; query "
                        + "the table events or the per-type views");
            }
            if (type.equals("BASE_TABLE")) {
                checkTable(node, names);
            }
        }
        node.forEach(child -> checkNode(child, names));
    }

    private static void checkTable(JsonNode node, Set<String> names) {
        String table = node.path("table_name").asText("");
        if (!node.path("schema_name").asText("").isEmpty() || !node.path("catalog_name").asText("").isEmpty()) {
            throw new QueryException("qualified table names are not available: "
                    + node.path("qualified_name").path("path") + "; query the table events or the per-type views");
        }
        if (!names.contains(table.toLowerCase(Locale.ROOT))) {
            throw new QueryException("unknown table '" + table + "'; available: " + new java.util.TreeSet<>(names));
        }
    }
}
