package dev.questlog.warehouse.duckdb;

import dev.questlog.lake.LakeEvents;
import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
                String parquet = parquetList(todo);
                staged = count(st, parquet);
                hook.reached(LoadStep.STAGED);
                // Staged and deduped in one pass straight from the Parquet files: no copy of the raw rows in between.
                // Decoded first: the dedupe needs the true event_id, which a file may leave NULL (LakeEvents).
                st.execute("CREATE TEMP TABLE batch AS SELECT " + EventColumns.selectFromParquet() + " FROM ("
                        + LakeEvents.decoded("read_parquet(" + parquet + ", union_by_name = true)")
                        + ") QUALIFY row_number() OVER "
                        + "(PARTITION BY app, event_id ORDER BY received_at, log_partition, log_offset) = 1");
                hook.reached(LoadStep.DEDUPED);
                inserted = insertNew(st);
                hook.reached(LoadStep.INSERTED);
                st.execute("DROP TABLE batch");
                st.execute("DROP TABLE IF EXISTS seen");
            }
            record(manifest.id(), todo, inserted);
            hook.reached(LoadStep.RECORDED);
        }
        return new LoadResult(manifest.id(), false, todo.size(), files.size() - todo.size(), staged, inserted);
    }

    private static String parquetList(List<StagedFile> files) {
        return files.stream().map(f -> DuckDbWarehouse.literal(f.localFile().toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Rows in the files (DuckDB answers from the Parquet footers). */
    private static long count(Statement st, String parquet) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + parquet + ")")) {
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
        findSeen(st, min, max);
        return st.executeLargeUpdate("INSERT INTO warm.events_all SELECT " + EventColumns.names("b")
                + " FROM batch b WHERE NOT EXISTS (SELECT 1 FROM seen s WHERE s.app = b.app AND s.event_id = b.event_id)"
                + order);
    }

    /**
     * Temp table {@code seen}: the batch's (app, event_id) already in events_all within the dedupe window of each
     * event's date. The batch's dates are grouped into runs whose windows overlap, and each run's window is scanned
     * with constant date bounds, so zonemaps skip every other row group: one late event from months ago adds its own
     * two weeks to the scan instead of stretching a single min..max range over the months in between.
     */
    private void findSeen(Statement st, LocalDate min, LocalDate max) throws SQLException {
        List<LocalDate> dates = new ArrayList<>();
        if (min.equals(max)) {
            dates.add(min);
        } else {
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT event_date FROM batch ORDER BY event_date")) {
                while (rs.next()) {
                    dates.add(rs.getObject(1, LocalDate.class));
                }
            }
        }
        List<String> scans = new ArrayList<>();
        for (DateRuns.Run run : DateRuns.of(dates, 2 * windowDays)) {
            scans.add("SELECT e.app, e.event_id FROM warm.events_all e WHERE e.event_date BETWEEN DATE '"
                    + run.first().minusDays(windowDays) + "' AND DATE '" + run.last().plusDays(windowDays)
                    + "' AND e.event_id IN "
                    + "(SELECT event_id FROM batch)");
        }
        st.execute("CREATE TEMP TABLE seen AS " + String.join(" UNION ALL ", scans));
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
}
