package dev.questlog.warehouse.duckdb;

import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.StagedFile;
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
import java.util.stream.Collectors;

/**
 * One manifest load on DuckDB, in one transaction, the talk's Redshift recipe: stage, drop in-batch duplicates
 * (earliest received_at wins), anti-join against loaded events within the dedupe window, insert, record. Called under
 * the warehouse's lock; not thread-safe by itself.
 */
final class DuckDbLoader {
    private final Connection conn;
    private final long windowDays;
    private final FaultHook hook;

    DuckDbLoader(Connection conn, Duration dedupeWindow, FaultHook hook) {
        this.conn = conn;
        // The window is applied to dates: round up so that a window of hours still covers the neighbouring day.
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
            rollbackQuietly(e);
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
                st.execute("CREATE TEMP TABLE batch AS SELECT * FROM stage QUALIFY row_number() OVER "
                        + "(PARTITION BY app, event_id ORDER BY received_at, log_partition, log_offset) = 1");
                hook.reached(LoadStep.DEDUPED);
                inserted = insertNew(st);
                hook.reached(LoadStep.INSERTED);
                st.execute("DROP TABLE stage");
                st.execute("DROP TABLE batch");
            }
            record(manifest.id(), todo, inserted);
            hook.reached(LoadStep.RECORDED);
        }
        return new LoadResult(manifest.id(), false, todo.size(), files.size() - todo.size(), staged, inserted);
    }

    private static long stage(Statement st, List<StagedFile> files) throws SQLException {
        String list = files.stream().map(f -> DuckDbWarehouse.literal(f.localFile().toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        st.execute("CREATE TEMP TABLE stage AS SELECT " + EventColumns.selectFromParquet()
                + ", log_partition, log_offset FROM read_parquet(" + list + ", union_by_name = true)");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM stage")) {
            rs.next();
            return rs.getLong(1);
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
        // The date range bounds the anti-join's scan of events_all to the row groups of the batch's days (zonemaps).
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO warm.events_all SELECT "
                + EventColumns.names("b") + " FROM batch b WHERE NOT EXISTS (SELECT 1 FROM warm.events_all e "
                + "WHERE e.event_date BETWEEN ? AND ? AND e.app = b.app AND e.event_id = b.event_id)" + order)) {
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
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO warm.loaded_manifests "
                + "(manifest_id, loaded_at, files, rows_inserted) VALUES (?, now()::TIMESTAMP, ?, ?)")) {
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
        String in = paths.stream().map(DuckDbWarehouse::literal).collect(Collectors.joining(", "));
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT path FROM warm.loaded_files WHERE path IN (" + in + ")")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void rollbackQuietly(Exception cause) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
