package dev.questlog.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LakeRow;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseContract;
import dev.questlog.warehouse.WarehousePaths;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warehouse contract on the embedded DuckDB engine, plus DuckDB's own lock-down. */
class DuckDbWarehouseTest extends WarehouseContract {
    @TempDir
    Path dataDir;

    @Override
    protected void prepareEmpty() {
        // @TempDir is new for each test
    }

    @Override
    protected Warehouse openEngine(WarehouseConfig config, FaultHook hook) {
        return DuckDbWarehouse.open(config, WarehousePaths.warehouseDir(dataDir),
                InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")), hook);
    }

    @Override
    protected Path stagingDir() {
        return WarehousePaths.stagingDir(dataDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM read_parquet('%s')",
        "SELECT * FROM '%s'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM query_table('warm.events_all')",
        "SELECT * FROM duckdb_tables()",
    })
    void sqlCannotReadFilesOrCatalogs(String template) {
        var f = lake.file(List.of(LakeRow.of(OTHER_APP, id(), T0)));

        assertThatThrownBy(() -> warehouse.query(APP, template.formatted(f.localFile())))
                .isInstanceOf(QueryException.class);
    }

    @Test
    void ctesAndSubqueriesOverEventsWork() {
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), T0), LakeRow.of(OTHER_APP, id(), T0)))));

        assertThat(warehouse.query(APP, "WITH d AS (SELECT * FROM events) SELECT count(*) FROM d "
                + "WHERE event_id IN (SELECT event_id FROM events)").rows()).containsExactly(List.of(1L));
    }

    /**
     * Pins the documented trade-off of the DuckDB engine: the anti-join looks only within the dedupe window, so a
     * duplicate whose event date lies further away is not caught (PostgreSQL's unique index catches it).
     */
    @Test
    void duplicatesBeyondTheDedupeWindowAreOnlyCaughtWithinIt() {
        String a = id();
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0)))));
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0.plus(java.time.Duration.ofDays(3)))))));
        assertThat(count(APP)).isEqualTo(1);

        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0.plus(java.time.Duration.ofDays(9)))))));
        assertThat(count(APP)).isEqualTo(2);
    }

    @Test
    void externalAccessStaysOffForTheWholeInstance() {
        assertThatThrownBy(() -> warehouse.query(APP, "SET enable_external_access = true"))
                .isInstanceOf(QueryException.class);
    }
}
