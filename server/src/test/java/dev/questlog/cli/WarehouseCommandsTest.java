package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.warehouse.LakeFixture;
import dev.questlog.warehouse.LakeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./questlog warehouse backfill} and {@code ./questlog sql [--lake]} on a data directory with lake files. */
class WarehouseCommandsTest {
    private static final Instant DAY1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Two days of one app: day 1 has an event twice (in two files), day 2 one event. */
    @BeforeEach
    void lakeFiles() throws Exception {
        LakeRow a = LakeRow.of("arena", "e-1", DAY1);
        write("2026-11-20", "part-0-0-1.parquet", List.of(a, LakeRow.of("arena", "e-2", DAY1)));
        write("2026-11-20", "part-1-0-0.parquet", List.of(a.receivedAt(DAY1.plusSeconds(60)).at(1, 0)));
        write("2026-11-21", "part-0-2-2.parquet", List.of(LakeRow.of("arena", "e-3", DAY2)));
    }

    private void write(String date, String name, List<LakeRow> rows) throws Exception {
        Path d = Files.createDirectories(dir.resolve("lake/events/app=arena/date=" + date));
        LakeFixture.write(rows, d.resolve(name));
    }

    @Test
    void backfillLoadsTheRangeOnceAndSqlReadsIt() {
        CliRun first = run("warehouse", "backfill", "--from", "2026-11-20", "--to", "2026-11-20", "--data-dir", dir.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 lake files", "3 rows read", "2 new events loaded");

        CliRun again = run("warehouse", "backfill", "--from", "2026-11-01", "--to", "2026-11-30", "--data-dir", dir.toString());
        assertThat(again.out()).contains("3 lake files", "1 rows read", "1 new events loaded");

        CliRun sql = run("sql", "--data-dir", dir.toString(), "SELECT event_id FROM events ORDER BY event_id");
        assertThat(sql.code()).as(sql.err()).isZero();
        assertThat(sql.out().strip()).isEqualTo("{\"columns\":[\"event_id\"],\"rows\":[[\"e-1\"],[\"e-2\"],[\"e-3\"]]}");

        CliRun csv = run("sql", "--csv", "--app", "arena", "--data-dir", dir.toString(), "SELECT count(*) AS n FROM events");
        assertThat(csv.out().strip()).isEqualTo("n\n3");
    }

    @Test
    void sqlLakeReadsTheParquetFilesWithTheirDuplicates() {
        CliRun r = run("sql", "--lake", "--data-dir", dir.toString(),
                "SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM events");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"columns\":[\"n\",\"d\"],\"rows\":[[4,3]]}");
        CliRun named = run("sql", "--lake", "--data-dir", dir.toString(), "SELECT count(*) AS n FROM lake_events");
        assertThat(named.out().strip()).as(named.err()).isEqualTo("{\"columns\":[\"n\"],\"rows\":[[4]]}");
    }

    @Test
    void sqlRefusesWritesAndFilesWithExitCode2() {
        run("warehouse", "backfill", "--from", "2026-11-20", "--to", "2026-11-21", "--data-dir", dir.toString());

        CliRun write = run("sql", "--data-dir", dir.toString(), "DELETE FROM events");
        assertThat(write.code()).isEqualTo(2);
        assertThat(write.err()).contains("read-only");
        CliRun file = run("sql", "--lake", "--data-dir", dir.toString(), "SELECT * FROM read_csv('/etc/passwd')");
        assertThat(file.code()).isEqualTo(2);
    }
}
