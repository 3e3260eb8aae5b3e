package dev.questlog.warehouse.postgres;

import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.StagedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * One manifest load on PostgreSQL in one transaction: COPY into a temp staging table, DISTINCT ON to drop in-batch
 * duplicates (earliest received_at wins), anti-join within the dedupe window (backed by the unique index, with
 * {@code ON CONFLICT DO NOTHING} for anything beyond it), record. Called under the warehouse's lock.
 */
final class PostgresLoader {
    private final Connection conn;
    private final long windowDays;
    private final FaultHook hook;

    PostgresLoader(Connection conn, Duration dedupeWindow, FaultHook hook) {
        this.conn = conn;
        this.windowDays = (dedupeWindow.toMillis() + 86_399_999L) / 86_400_000L;
        this.hook = hook;
    }

    LoadResult load(Manifest manifest, Collection<StagedFile> files) throws SQLException {
        conn.setAutoCommit(false);
        try {
            LoadResult result = loadInTransaction(manifest, files);
            conn.commit();
            hook.reached(LoadStep.COMMITTED);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
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
                staged = stage(st, todo);
                hook.reached(LoadStep.STAGED);
                st.execute("CREATE TEMP TABLE batch ON COMMIT DROP AS SELECT DISTINCT ON (app, event_id) * FROM stage "
                        + "ORDER BY app, event_id, received_at, log_partition, log_offset");
                st.execute("ANALYZE batch");
                hook.reached(LoadStep.DEDUPED);
                inserted = insertNew(st);
                hook.reached(LoadStep.INSERTED);
                st.execute("DROP TABLE stage, batch");
            }
            record(manifest.id(), todo, inserted);
            hook.reached(LoadStep.RECORDED);
        }
        return new LoadResult(manifest.id(), false, todo.size(), files.size() - todo.size(), staged, inserted);
    }

    private long stage(Statement st, List<StagedFile> files) throws SQLException {
        st.execute("CREATE TEMP TABLE stage (" + EventColumns.postgresDefinition()
                + ", log_partition integer, log_offset bigint) ON COMMIT DROP");
        Path csv = null;
        try {
            csv = ParquetCsv.toCsv(files);
            try (InputStream in = Files.newInputStream(csv)) {
                return conn.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY stage (" + ParquetCsv.COLUMNS + ") FROM STDIN (FORMAT csv)", in);
            }
        } catch (IOException e) {
            throw new SQLException("cannot stage the lake files: " + e.getMessage(), e);
        } finally {
            deleteQuietly(csv);
        }
    }

    private long insertNew(Statement st) throws SQLException {
        LocalDate min;
        LocalDate max;
        long groups;
        try (ResultSet rs = st.executeQuery("SELECT min(event_date), max(event_date), "
                + "count(DISTINCT (app, event_date)) FROM batch")) {
            rs.next();
            if (rs.getObject(1) == null) {
                return 0;
            }
            min = rs.getObject(1, LocalDate.class);
            max = rs.getObject(2, LocalDate.class);
            groups = rs.getLong(3);
        }
        // Rows are appended in (app, event_date) clusters so time-bounded queries prune; a batch of one cluster (the
        // usual case: lake files are per app and date) needs no sort, which is a good part of the insert's cost.
        String order = groups > 1 ? " ORDER BY b.app, b.event_date, b.event_time" : "";
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO warm.events_all (" + EventColumns.names()
                + ") SELECT " + EventColumns.names("b") + " FROM batch b WHERE NOT EXISTS (SELECT 1 FROM "
                + "warm.events_all e WHERE e.event_date BETWEEN ? AND ? AND e.app = b.app AND e.event_id = b.event_id)"
                + order + " ON CONFLICT (app, event_id) DO NOTHING")) {
            ps.setObject(1, min.minusDays(windowDays));
            ps.setObject(2, max.plusDays(windowDays));
            return ps.executeLargeUpdate();
        }
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
