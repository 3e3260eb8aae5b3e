package dev.questlog.warehouse.postgres;

import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * One manifest load on PostgreSQL in one transaction: COPY the batch's distinct events (in-batch duplicates dropped
 * while the Parquet files are read, earliest received_at wins) into a temp staging table, insert those whose
 * (app, event_id) is not loaded yet ({@code ON CONFLICT DO NOTHING} on the unique index: the anti-join covers all
 * loaded events, so the dedupe window does not apply), record. Called under the warehouse's lock.
 */
final class PostgresLoader {
    private final Connection conn;
    private final FaultHook hook;

    PostgresLoader(Connection conn, FaultHook hook) {
        this.conn = conn;
        this.hook = hook;
    }

    LoadResult load(Manifest manifest, Collection<StagedFile> files) throws SQLException {
        LoadResult result = Transactions.inTransaction(conn, () -> loadInTransaction(manifest, files));
        hook.reached(LoadStep.COMMITTED);
        return result;
    }

    private LoadResult loadInTransaction(Manifest manifest, Collection<StagedFile> files) throws SQLException {
        if (isLoaded(manifest.id())) {
            return LoadResult.skipped(manifest.id(), files.size());
        }
        Set<String> done = loadedFiles(files.stream().map(StagedFile::lakePath).toList());
        List<StagedFile> todo = files.stream().filter(f -> !done.contains(f.lakePath())).toList();
        long staged = 0;
        long inserted = 0;
        try (Statement st = conn.createStatement()) {
            if (!todo.isEmpty()) {
                // The batch arrives already deduped (ParquetCsv): the staging table is the batch.
                staged = stage(st, todo);
                hook.reached(LoadStep.STAGED);
                st.execute("ANALYZE batch");
                hook.reached(LoadStep.DEDUPED);
                inserted = insertNew(st);
                hook.reached(LoadStep.INSERTED);
                st.execute("DROP TABLE batch");
            }
            record(manifest.id(), todo, inserted);
            hook.reached(LoadStep.RECORDED);
        }
        return new LoadResult(manifest.id(), false, todo.size(), files.size() - todo.size(), staged, inserted);
    }

    /** COPYs the files' distinct events into temp table {@code batch}; returns the rows the files held. */
    private long stage(Statement st, List<StagedFile> files) throws SQLException {
        // A temp table writes no WAL and is dropped at commit.
        st.execute("CREATE TEMP TABLE batch (" + EventColumns.postgresDefinition() + ") ON COMMIT DROP");
        Path csv = null;
        try {
            ParquetCsv.Batch batch = ParquetCsv.toCsv(files);
            csv = batch.csv();
            try (InputStream in = Files.newInputStream(csv)) {
                conn.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY batch (" + ParquetCsv.COLUMNS + ") FROM STDIN (FORMAT csv)", in);
            }
            return batch.rowsInFiles();
        } catch (IOException e) {
            throw new SQLException("cannot stage the lake files: " + e.getMessage(), e);
        } finally {
            deleteQuietly(csv);
        }
    }

    private long insertNew(Statement st) throws SQLException {
        long groups;
        try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (app, event_date)) FROM batch")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
            groups = rs.getLong(2);
        }
        // Rows are appended in (app, event_date) clusters so time-bounded queries prune; a batch of one cluster (the
        // usual case: lake files are per app and date) needs no sort, which is a good part of the insert's cost.
        String order = groups > 1 ? " ORDER BY b.app, b.event_date, b.event_time" : "";
        // The unique index on (app, event_id) is the anti-join: one probe per row, over all loaded events whatever
        // the dedupe window. A NOT EXISTS over the window on top of it probed twice, or, when a late event stretched
        // the batch's dates over months, made the planner scan those months of events_all.
        return st.executeLargeUpdate("INSERT INTO warm.events_all (" + EventColumns.names() + ") SELECT "
                + EventColumns.names("b") + " FROM batch b" + order + " ON CONFLICT (app, event_id) DO NOTHING");
    }

    private void record(String manifestId, List<StagedFile> files, long inserted) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO warm.loaded_files (path, manifest_id) VALUES (?, ?)")) {
            for (StagedFile f : files) {
                ps.setString(1, f.lakePath());
                ps.setString(2, manifestId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO warm.loaded_manifests (manifest_id, files, rows_inserted) VALUES (?, ?, ?)")) {
            ps.setString(1, manifestId);
            ps.setInt(2, files.size());
            ps.setLong(3, inserted);
            ps.executeUpdate();
        }
    }

    boolean isLoaded(String manifestId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM warm.loaded_manifests WHERE manifest_id = ?")) {
            ps.setString(1, manifestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Set<String> loadedFiles(Collection<String> paths) throws SQLException {
        Set<String> out = new HashSet<>();
        if (paths.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT path FROM warm.loaded_files WHERE path = ANY (?)")) {
            ps.setArray(1, conn.createArrayOf("text", paths.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the load's outcome does not depend on it.
            }
        }
    }
}
