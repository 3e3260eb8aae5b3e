package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LakeEvents}: the writer stores event_id and event_time compactly only where the readers' rule rebuilds them,
 * and readers get the true values from files of every generation, alone or mixed in one read.
 */
class LakeEventsTest {
    private static final long T = 1_795_000_000_000L; // 2026-11-19

    @TempDir
    Path temp;

    private final List<EventRow> rows = new ArrayList<>();

    @BeforeEach
    void rows() {
        rows.add(row(0, v7(T, 1), T + 40, T, T + 1000, T + 960));            // SDK id, skew corrected: both compact
        rows.add(row(1, v7(T + 5, 2), T + 5, T + 5, T + 800, null));         // no sent_at: time = event_timestamp
        rows.add(row(2, UUID.randomUUID().toString(), T + 50, T + 10, T + 90, T + 50)); // random id: stored in full
        rows.add(row(3, v7(T - 1, 3), T + 40, T + 20, T + 900, T + 880));     // id made 21 ms before its timestamp
        rows.add(row(4, v7(T + 30, 4), T + 30 + 300_000, T + 30, T + 9_000_000, T + 30)); // clamped skew
        rows.add(row(5, v7(0, 5), 0, 0, 10, 10L));                             // the epoch
        rows.add(row(6, "0193A5F2-7C1E-7D3A-9B2C-4F5E6A7B8C9D", T, 0x0193a5f27c1eL, T, null)); // upper case
        rows.add(row(7, "ffffffff-ffff-7abc-8000-000000000007", -1, -1, 0, null)); // before 1970: id in full
    }

    @Test
    void onlyWhatTheRuleCannotRebuildIsStoredInFull() throws Exception {
        Path file = writeNew("new.parquet");
        List<List<Object>> stored = LakeFiles.query("SELECT log_offset, event_id IS NOT NULL,"
                + " event_id_tail IS NOT NULL, event_time IS NOT NULL FROM read_parquet('" + file + "') ORDER BY log_offset");
        assertThat(stored).containsExactly(List.of(0L, false, true, false), List.of(1L, false, true, false),
                List.of(2L, true, false, false), List.of(3L, true, false, false), List.of(4L, false, true, true),
                List.of(5L, false, true, false), List.of(6L, false, true, true),
                List.of(7L, true, false, false));
    }

    @Test
    void readersGetTheTrueValuesFromEveryGenerationOfFilesMixed() throws Exception {
        writeNew("events/app=arena/date=2026-11-19/part-0-0-6.parquet");
        writeOld("events/app=arena/date=2026-11-18/part-0-7-13.parquet", "CAST(event_id AS UUID)", true);
        writeOld("events/app=arena/date=2026-11-17/part-0-14-20.parquet", "event_id", false);

        List<List<Object>> expected = new ArrayList<>();
        for (int generation = 0; generation < 3; generation++) {
            for (EventRow r : rows) {
                long offset = r.logOffset() + (long) rows.size() * generation;
                expected.add(List.of(offset, r.eventId().toLowerCase(), r.eventTime()));
            }
        }
        assertThat(LakeFiles.query("SELECT log_offset, event_id, epoch_ms(event_time) FROM "
                + LakeFiles.decoded(temp, "events", "") + " ORDER BY log_offset")).isEqualTo(expected);
        assertThat(LakeFiles.query("SELECT log_offset, event_id, epoch_ms(event_time) FROM " + LakeEvents.TABLE_MACRO
                + "('" + temp.resolve("events") + "/**/*.parquet') ORDER BY log_offset")).isEqualTo(expected);
    }

    @Test
    void filesWrittenBeforeTheEncodingReadAlone() throws Exception {
        writeOld("events/app=arena/date=2026-11-18/part-0-7-13.parquet", "CAST(event_id AS UUID)", true);

        assertThat(LakeFiles.query("SELECT count(*), count(event_id), count(event_time), count(raw_layout) FROM "
                + LakeFiles.decoded(temp, "events", ""))).containsExactly(List.of(8L, 8L, 8L, 0L));
    }

    @Test
    void scalarMacrosRebuildFromTheFileColumns() throws Exception {
        Path file = writeNew("new.parquet");
        List<List<Object>> back = LakeFiles.query("SELECT " + LakeEvents.ID_MACRO + "(event_id, event_id_tail,"
                + " event_timestamp), epoch_ms(" + LakeEvents.TIME_MACRO + "(event_time, event_timestamp, received_at,"
                + " sent_at)) FROM read_parquet('" + file + "') ORDER BY log_offset");
        assertThat(back).isEqualTo(rows.stream().map(r -> List.<Object>of(r.eventId().toLowerCase(), r.eventTime()))
                .toList());
    }

    private Path writeNew(String name) throws Exception {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        EventsTable table = new EventsTable();
        try (ParquetStaging staging = ParquetStaging.open(temp.resolve("work"), 9, table.setupSql())) {
            ParquetStaging.Staged staged = staging.create(table);
            for (EventRow r : rows) {
                table.append(staged.appender(), r);
            }
            staging.writeParquet(staged, table, file);
        }
        return file;
    }

    /**
     * A file as earlier writers left it, rows at offsets + 8 per generation: full event_id ({@code idSql}: UUID or
     * text) and event_time, no event_id_tail; with or without raw_layout.
     */
    private void writeOld(String name, String idSql, boolean withLayout) throws Exception {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        long shift = withLayout ? rows.size() : 2L * rows.size();
        StringBuilder values = new StringBuilder();
        for (EventRow r : rows) {
            values.append(values.isEmpty() ? "" : ", ").append("('").append(r.eventId().toLowerCase()).append("', ")
                    .append(r.eventTime()).append(", ").append(r.eventTimestamp()).append(", ").append(r.receivedAt())
                    .append(", ").append(r.sentAt()).append(", ").append(r.logOffset() + shift).append(")");
        }
        LakeFiles.execute("COPY (SELECT " + idSql + " AS event_id, 'x' AS event_type, epoch_ms(t) AS event_time,"
                + " event_timestamp, epoch_ms(r) AS received_at, 'arena' AS app, sent_at, '{}' AS attributes,"
                + " '{}' AS raw" + (withLayout ? ", NULL::VARCHAR AS raw_layout" : "") + ", 0 AS log_partition,"
                + " log_offset FROM (VALUES " + values + ") v(event_id, t, event_timestamp, r, sent_at, log_offset))"
                + " TO '" + file + "' (FORMAT parquet)");
    }

    private static EventRow row(long offset, String id, long eventTime, long timestamp, long receivedAt, Long sentAt) {
        return new EventRow(id, "x", eventTime, timestamp, receivedAt, "arena", null, null, "c1", null, null, null,
                null, null, sentAt, "client", null, "{}", "{}", null, 0, offset);
    }

    private static String v7(long millis, long random) {
        return new UUID((millis << 16) | 0x7000L | (random & 0xfff), 0x8000000000000000L | random).toString();
    }
}
