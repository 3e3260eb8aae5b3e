package dev.questlog.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes Parquet files with exactly the lake's columns (shared contract, in order, zstd) into a staging directory,
 * the way the lake writer and the loader would leave them (test kit).
 */
public final class LakeFixture {
    static final String SCHEMA = "event_id VARCHAR, event_type VARCHAR, event_time TIMESTAMP, event_timestamp BIGINT, "
            + "received_at TIMESTAMP, app VARCHAR, app_version VARCHAR, event_version VARCHAR, client_id VARCHAR, "
            + "session_id VARCHAR, level_id VARCHAR, position_x DOUBLE, position_y DOUBLE, position_z DOUBLE, "
            + "sent_at BIGINT, trust VARCHAR, key_id VARCHAR, attributes VARCHAR, raw VARCHAR, log_partition INTEGER, "
            + "log_offset BIGINT";

    private static final String COMPACT = "SELECT CASE WHEN v7 THEN NULL ELSE CAST(event_id AS UUID) END AS event_id,"
            + " CASE WHEN v7 THEN CAST('00000000-0000' || substr(event_id, 14) AS UUID) END AS event_id_tail,"
            + " event_type,"
            + " NULL::TIMESTAMP_MS AS event_time, * EXCLUDE (event_id, event_type, event_time, raw, v7),"
            + " raw, NULL::VARCHAR AS raw_layout FROM (SELECT *, starts_with(event_id, printf('%08x-%04x-',"
            + " event_timestamp >> 16, event_timestamp & 65535)) AS v7 FROM r)";

    private final Path stagingDir;
    private final AtomicInteger seq = new AtomicInteger();

    public LakeFixture(Path stagingDir) {
        this.stagingDir = stagingDir;
    }

    /** Writes one file of these rows; its lake path is {@code events/app=<app>/date=<date>/part-…}. */
    public StagedFile file(List<LakeRow> rows) {
        return file(rows, false);
    }

    /** As {@link #file(List)}, in the lake's compact encoding ({@link #writeCompact}). */
    public StagedFile compactFile(List<LakeRow> rows) {
        return file(rows, true);
    }

    private StagedFile file(List<LakeRow> rows, boolean compact) {
        int n = seq.incrementAndGet();
        LakeRow first = rows.getFirst();
        LocalDate date = LocalDate.ofInstant(first.eventTime(), ZoneOffset.UTC);
        String lakePath = "events/app=" + first.app() + "/date=" + date + "/part-0-" + n + "-" + n + ".parquet";
        Path local = stagingDir.resolve("f" + n + ".parquet");
        try {
            Files.createDirectories(stagingDir);
            write(rows, local, compact);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return new StagedFile(lakePath, local);
    }

    public static Manifest manifestOf(List<StagedFile> files) {
        List<ManifestFile> entries = new ArrayList<>();
        for (StagedFile f : files) {
            String app = f.lakePath().replaceAll(".*app=([^/]+)/.*", "$1");
            String date = f.lakePath().replaceAll(".*date=([^/]+)/.*", "$1");
            entries.add(new ManifestFile(f.lakePath(), app, LocalDate.parse(date), 1));
        }
        return Manifest.of(entries);
    }

    /** Writes rows to one Parquet file at {@code target} (its directory must exist), every column in full. */
    public static void write(List<LakeRow> rows, Path target) throws SQLException {
        write(rows, target, false);
    }

    /**
     * Writes rows as the lake writer does since it stores ids and times compactly (docs/lake.md, re-implemented here
     * from the documentation): event_id NULL and event_id_tail set where the id's first 48 bits are event_timestamp
     * (UUIDv7), event_time NULL (here always equal to event_timestamp, as sent_at is NULL).
     */
    public static void writeCompact(List<LakeRow> rows, Path target) throws SQLException {
        write(rows, target, true);
    }

    private static void write(List<LakeRow> rows, Path target, boolean compact) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE r (" + SCHEMA + ")");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, '1.0', '1.0', "
                    + "'client-1', 'session-1', ?, ?, ?, NULL, NULL, 'server', 'key-1', ?, '{}', ?, ?)")) {
                for (LakeRow r : rows) {
                    ps.setString(1, r.eventId());
                    ps.setString(2, r.eventType());
                    ps.setObject(3, ts(r.eventTime()));
                    ps.setLong(4, r.eventTime().toEpochMilli());
                    ps.setObject(5, ts(r.receivedAt()));
                    ps.setString(6, r.app());
                    ps.setString(7, r.levelId());
                    ps.setObject(8, r.x());
                    ps.setObject(9, r.y());
                    ps.setString(10, r.attributes());
                    ps.setInt(11, r.partition());
                    ps.setLong(12, r.offset());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("COPY " + (compact ? "(" + COMPACT + ")" : "r") + " TO '" + target.toAbsolutePath()
                    + "' (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    private static LocalDateTime ts(java.time.Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
