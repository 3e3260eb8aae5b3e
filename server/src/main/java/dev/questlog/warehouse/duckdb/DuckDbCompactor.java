package dev.questlog.warehouse.duckdb;

import dev.questlog.warehouse.CompactionStep;
import dev.questlog.warehouse.DayCompaction;
import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Day compaction on DuckDB: rewrites a closed day of {@code warm.events_all} ordered by (app, event_date, level_id,
 * event_type, event_time), so the row groups of that day each hold few levels and event types and a heatmap's level
 * + type filter skips most of them by their zonemaps. Loads append in arrival order (a 30 s load holds every level
 * and type), which no per-batch sort can fix; a day is rewritten once it is closed, and again only when late loads
 * grew it by more than a tenth ({@link #REGROWTH_DIVISOR}).
 *
 * <p>The compacted days live in {@code warm.compacted_days (event_date, rows_compacted, compacted_at)}. Called under
 * the warehouse's lock; not thread-safe by itself.
 */
final class DuckDbCompactor {
    /** A compacted day is due again when late rows exceed 1/this of its compacted rows. */
    static final long REGROWTH_DIVISOR = 10;
    static final String TABLE_DDL = "CREATE TABLE IF NOT EXISTS warm.compacted_days (event_date DATE PRIMARY KEY, "
            + "rows_compacted BIGINT NOT NULL, compacted_at TIMESTAMP NOT NULL)";

    private final Connection conn;
    private final FaultHook hook;

    DuckDbCompactor(Connection conn, FaultHook hook) {
        this.conn = conn;
        this.hook = hook;
    }

    /** Compacts the newest due day before {@code today}; empty when none is due. */
    Optional<DayCompaction> compactNextDay(LocalDate today) throws SQLException {
        Optional<LocalDate> due = nextDue(today);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        DayCompaction done = Transactions.inTransaction(conn, () -> compactInTransaction(due.get()));
        hook.reached(CompactionStep.COMMITTED);
        return Optional.of(done);
    }

    /**
     * The newest closed day that was never compacted or grew by more than a tenth since. Counting rows per day reads
     * only the event_date column (0.2–0.6 s over 100M rows on the shared 2-core bench machine), which is why the
     * loader asks at most once a minute when nothing was due.
     */
    Optional<LocalDate> nextDue(LocalDate today) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT d.event_date FROM (SELECT event_date, count(*) AS n "
                + "FROM warm.events_all WHERE event_date < ? GROUP BY event_date) d LEFT JOIN warm.compacted_days c "
                + "ON c.event_date = d.event_date WHERE c.event_date IS NULL OR d.n - c.rows_compacted > "
                + "c.rows_compacted // " + REGROWTH_DIVISOR + " ORDER BY d.event_date DESC LIMIT 1")) {
            ps.setObject(1, today);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, LocalDate.class)) : Optional.empty();
            }
        }
    }

    private DayCompaction compactInTransaction(LocalDate day) throws SQLException {
        long copied;
        // A TEMP copy, because a transaction cannot read back rows it deleted; sorted once here, and the INSERT keeps
        // its order (DuckDB preserves insertion order), so the rewritten row groups come out sorted.
        try (PreparedStatement ps = conn.prepareStatement("CREATE TEMP TABLE compact_day AS SELECT "
                + EventColumns.names() + " FROM warm.events_all WHERE event_date = ? "
                + "ORDER BY app, event_date, level_id, event_type, event_time")) {
            ps.setObject(1, day);
            ps.execute();
        }
        copied = count("SELECT count(*) FROM compact_day", null);
        hook.reached(CompactionStep.COPIED);
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM warm.events_all WHERE event_date = ?")) {
            ps.setObject(1, day);
            long deleted = ps.executeLargeUpdate();
            check(deleted == copied, day, "deleted " + deleted + " rows but copied " + copied);
        }
        hook.reached(CompactionStep.DELETED);
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT INTO warm.events_all SELECT " + EventColumns.names() + " FROM compact_day");
            st.execute("DROP TABLE compact_day");
        }
        long after = count("SELECT count(*) FROM warm.events_all WHERE event_date = ?", day);
        check(after == copied, day, "has " + after + " rows after the rewrite, " + copied + " before");
        hook.reached(CompactionStep.REWRITTEN);
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO warm.compacted_days "
                + "(event_date, rows_compacted, compacted_at) VALUES (?, ?, now()::TIMESTAMP)")) {
            ps.setObject(1, day);
            ps.setLong(2, copied);
            ps.executeUpdate();
        }
        hook.reached(CompactionStep.RECORDED);
        return new DayCompaction(day, copied);
    }

    /** Forgets the compaction records of days retention deleted. */
    void forgetBefore(LocalDate firstKeptDate) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM warm.compacted_days WHERE event_date < ?")) {
            ps.setObject(1, firstKeptDate);
            ps.executeUpdate();
        }
    }

    private long count(String sql, LocalDate day) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (day != null) {
                ps.setObject(1, day);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void check(boolean ok, LocalDate day, String what) throws SQLException {
        if (!ok) {
            throw new SQLException("compaction of " + day + " aborted: the day " + what);
        }
    }
}
