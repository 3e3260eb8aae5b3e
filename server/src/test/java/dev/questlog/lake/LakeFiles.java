package dev.questlog.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test kit: reads what is in a lake (any ObjectStore) back through DuckDB, as an outside reader would. */
final class LakeFiles {
    private LakeFiles() {
    }

    /** Copies every object under {@code prefix} into {@code dir} (same relative paths); returns their keys. */
    static List<String> download(ObjectStore store, String prefix, Path dir) throws IOException {
        List<String> keys = new ArrayList<>();
        for (StoredObject o : store.list(prefix)) {
            Path target = dir.resolve(o.key());
            Files.createDirectories(target.getParent());
            store.get(o.key(), target);
            keys.add(o.key());
        }
        return keys;
    }

    /**
     * Runs a query with DuckDB, where {@link RawEvents#original()} and the macros of {@link LakeEvents} may be used; {@code ?} in the SQL is not
     * supported, rows come back as lists of objects.
     */
    static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(LakeEvents.createMacros(true));
            return rows(s.executeQuery(sql));
        }
    }

    /** Runs one statement that returns no rows (e.g. {@code COPY … TO}) with DuckDB. */
    static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<List<Object>> rows(ResultSet result) throws SQLException {
        try (ResultSet rs = result) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** {@code read_parquet(...)} over every Parquet file under {@code dir/prefix}, hive columns off. */
    static String parquet(Path dir, String prefix) {
        return "read_parquet('" + dir.resolve(prefix) + "/**/*.parquet', hive_partitioning = false)";
    }

    /** The rows of every events file under {@code dir/prefix} as readers see them ({@link LakeEvents#decoded}). */
    static String decoded(Path dir, String prefix, String options) {
        return "(" + LakeEvents.decoded("read_parquet('" + dir.resolve(prefix) + "/**/*.parquet', hive_partitioning"
                + " = false, union_by_name = true" + options + ")") + ")";
    }
}
