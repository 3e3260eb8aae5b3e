package dev.questlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.config.WarehouseView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Warehouse} engine must show; subclasses open the engine under test. Each test starts on
 * an empty warehouse.
 */
public abstract class WarehouseContract {
    protected static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    protected static final String APP = "game_a";
    protected static final String OTHER_APP = "game_b";

    protected LakeFixture lake;
    protected Warehouse warehouse;
    private final List<Warehouse> opened = new ArrayList<>();

    /** A fresh, empty warehouse location for this test (directory or database). */
    protected abstract void prepareEmpty() throws Exception;

    /** Opens the engine on the current location; reopening after close sees what was committed. */
    protected abstract Warehouse openEngine(WarehouseConfig config, FaultHook hook);

    /** Where staged files must lie for this engine. */
    protected abstract java.nio.file.Path stagingDir();

    protected WarehouseConfig config() {
        return WarehouseConfig.defaults().withViews(List.of(new WarehouseView("iap_transaction", List.of(
                new WarehouseView.Column("price", "$.price", "DECIMAL(12,2)"),
                new WarehouseView.Column("sku", "$.item.sku", "VARCHAR")))));
    }

    @BeforeEach
    void setUp() throws Exception {
        prepareEmpty();
        lake = new LakeFixture(stagingDir());
        warehouse = open(config(), FaultHook.NONE);
    }

    @AfterEach
    void tearDown() {
        opened.forEach(w -> {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // already closed by the test
            }
        });
    }

    protected Warehouse open(WarehouseConfig config, FaultHook hook) {
        Warehouse w = openEngine(config, hook);
        opened.add(w);
        return w;
    }

    protected static String id() {
        return UUID.randomUUID().toString();
    }

    protected LoadResult load(List<StagedFile> files) {
        return warehouse.load(LakeFixture.manifestOf(files), files);
    }

    protected long count(String app) {
        return ((Number) warehouse.query(app, "SELECT count(*) FROM events").rows().getFirst().getFirst()).longValue();
    }

    @Test
    void loadsEventsWithTypedColumns() {
        String a = id();
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0).level("dust"), LakeRow.of(APP, id(), T0.plusSeconds(5))))));

        QueryResult r = warehouse.query(APP, "SELECT event_id, event_type, event_date, level_id, position_x, app "
                + "FROM events WHERE event_id = '" + a + "'");
        assertThat(r.columns()).containsExactly("event_id", "event_type", "event_date", "level_id", "position_x", "app");
        assertThat(r.rows()).containsExactly(List.of(a, "player_death", "2026-11-20", "dust", 1.5, APP));
        assertThat(warehouse.countEvents()).isEqualTo(2);
    }

    @Test
    void inBatchDuplicatesKeepTheEarliestReceivedAt() {
        String a = id();
        Instant early = T0.plusSeconds(1);
        load(List.of(lake.file(List.of(
                LakeRow.of(APP, a, T0).receivedAt(early.plusSeconds(30)).at(0, 1),
                LakeRow.of(APP, a, T0).receivedAt(early).at(0, 2),
                LakeRow.of(APP, id(), T0)))));

        assertThat(count(APP)).isEqualTo(2);
        assertThat(warehouse.query(APP, "SELECT received_at FROM events WHERE event_id = '" + a + "'").rows())
                .containsExactly(List.of("2026-11-20T10:00:01Z"));
    }

    @Test
    void duplicatesInDifferentFilesOfOneManifestLoadOnce() {
        String a = id();
        LoadResult r = load(List.of(
                lake.file(List.of(LakeRow.of(APP, a, T0), LakeRow.of(APP, id(), T0))),
                lake.file(List.of(LakeRow.of(APP, a, T0).receivedAt(T0.plusSeconds(9)).at(3, 7)))));

        assertThat(r.rowsStaged()).isEqualTo(3);
        assertThat(r.rowsInserted()).isEqualTo(2);
        assertThat(count(APP)).isEqualTo(2);
    }

    @Test
    void lakeFilesOfBothEncodingsLoadWithTrueIdsAndTimesAndDedupeAcrossThem() {
        String v7 = idAt(T0);
        String late = idAt(T0.plusSeconds(7));
        String random = id();
        LoadResult r = load(List.of(
                lake.file(List.of(LakeRow.of(APP, v7, T0), LakeRow.of(APP, random, T0.plusSeconds(3)))),
                lake.compactFile(List.of(LakeRow.of(APP, v7, T0).receivedAt(T0.plusSeconds(9)).at(3, 7),
                        LakeRow.of(APP, late, T0.plusSeconds(7)).at(3, 8),
                        LakeRow.of(APP, id(), T0.plusSeconds(8)).at(3, 9)))));

        assertThat(r.rowsInserted()).isEqualTo(4);
        assertThat(warehouse.query(APP, "SELECT event_id, event_time, received_at FROM events WHERE event_id IN ('"
                + v7 + "', '" + late + "', '" + random + "') ORDER BY event_time").rows()).containsExactly(
                List.of(v7, "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.25Z"),
                List.of(random, "2026-11-20T10:00:03Z", "2026-11-20T10:00:03.25Z"),
                List.of(late, "2026-11-20T10:00:07Z", "2026-11-20T10:00:07.25Z"));
    }

    /** A UUIDv7 made at {@code t}, as the SDK makes them (the lake stores only its last 80 bits). */
    protected static String idAt(Instant t) {
        return new UUID((t.toEpochMilli() << 16) | 0x7abcL, UUID.randomUUID().getLeastSignificantBits()).toString();
    }

    @Test
    void duplicatesHoursApartInLaterManifestsAreDropped() {
        String a = id();
        String b = id();
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0), LakeRow.of(APP, b, T0.plusSeconds(1))))));
        // The same events resent and received 5 hours later (and one just across midnight), plus one new event.
        LoadResult r = load(List.of(lake.file(List.of(
                LakeRow.of(APP, a, T0).receivedAt(T0.plus(Duration.ofHours(5))),
                LakeRow.of(APP, b, T0.plus(Duration.ofHours(14))).receivedAt(T0.plus(Duration.ofHours(14))),
                LakeRow.of(APP, id(), T0.plus(Duration.ofHours(5)))))));

        assertThat(r.rowsInserted()).isEqualTo(1);
        assertThat(count(APP)).isEqualTo(3);
    }

    @Test
    void sameEventIdInTwoAppsIsTwoEvents() {
        String a = id();
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0))), lake.file(List.of(LakeRow.of(OTHER_APP, a, T0)))));

        assertThat(count(APP)).isEqualTo(1);
        assertThat(count(OTHER_APP)).isEqualTo(1);
    }

    @Test
    void rerunningAManifestChangesNothing() {
        List<StagedFile> files = List.of(lake.file(List.of(LakeRow.of(APP, id(), T0), LakeRow.of(APP, id(), T0))));
        Manifest m = LakeFixture.manifestOf(files);
        assertThat(warehouse.load(m, files).rowsInserted()).isEqualTo(2);

        LoadResult again = warehouse.load(m, files);

        assertThat(again.alreadyLoaded()).isTrue();
        assertThat(warehouse.isLoaded(m.id())).isTrue();
        assertThat(count(APP)).isEqualTo(2);
    }

    @Test
    void filesLoadedByAnEarlierManifestAreSkipped() {
        StagedFile f1 = lake.file(List.of(LakeRow.of(APP, id(), T0)));
        load(List.of(f1));
        StagedFile f2 = lake.file(List.of(LakeRow.of(APP, id(), T0)));

        LoadResult r = load(List.of(f1, f2));

        assertThat(r.filesSkipped()).isEqualTo(1);
        assertThat(r.filesLoaded()).isEqualTo(1);
        assertThat(warehouse.loadedFiles(List.of(f1.lakePath(), f2.lakePath(), "events/x.parquet")))
                .containsExactlyInAnyOrder(f1.lakePath(), f2.lakePath());
        assertThat(count(APP)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = LoadStep.class, names = {"STAGED", "DEDUPED", "INSERTED", "RECORDED"})
    void aCrashBeforeCommitLosesAndDoublesNothing(LoadStep crashAt) {
        warehouse.close();
        Warehouse crashing = open(config(), step -> {
            if (step == crashAt) {
                throw new IllegalStateException("injected crash after " + step);
            }
        });
        List<StagedFile> files = List.of(lake.file(List.of(LakeRow.of(APP, id(), T0), LakeRow.of(APP, id(), T0))));
        Manifest m = LakeFixture.manifestOf(files);

        assertThatThrownBy(() -> crashing.load(m, files)).hasMessageContaining("injected crash");
        crashing.close();
        warehouse = open(config(), FaultHook.NONE);
        assertThat(warehouse.isLoaded(m.id())).isFalse();
        assertThat(warehouse.countEvents()).isZero();

        assertThat(warehouse.load(m, files).rowsInserted()).isEqualTo(2);
        assertThat(count(APP)).isEqualTo(2);
    }

    @Test
    void aCrashAfterCommitKeepsTheLoadAndTheRetryIsANoOp() {
        warehouse.close();
        Warehouse crashing = open(config(), step -> {
            if (step == LoadStep.COMMITTED) {
                throw new IllegalStateException("injected crash after commit");
            }
        });
        List<StagedFile> files = List.of(lake.file(List.of(LakeRow.of(APP, id(), T0))));
        Manifest m = LakeFixture.manifestOf(files);
        assertThatThrownBy(() -> crashing.load(m, files)).hasMessageContaining("injected crash");
        crashing.close();

        warehouse = open(config(), FaultHook.NONE);
        assertThat(warehouse.load(m, files).alreadyLoaded()).isTrue();
        assertThat(count(APP)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO events (event_id) VALUES ('x')",
        "UPDATE events SET level_id = 'x'",
        "DELETE FROM events",
        "DROP TABLE events",
        "CREATE TABLE t AS SELECT * FROM events",
        "COPY events TO '/tmp/questlog-sql-copy.csv'",
        "ATTACH '/tmp/questlog-sql-attach.duckdb' AS x",
        "SELECT 1; DELETE FROM events",
        "TRUNCATE events",
    })
    void sqlRefusesWrites(String sql) {
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), T0)))));

        assertThatThrownBy(() -> warehouse.query(APP, sql)).isInstanceOf(QueryException.class);
        assertThat(count(APP)).isEqualTo(1);
        assertThat(warehouse.countEvents()).isEqualTo(1);
    }

    @Test
    void sqlSeesOnlyTheKeysApp() {
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), T0))),
                lake.file(List.of(LakeRow.of(OTHER_APP, id(), T0), LakeRow.of(OTHER_APP, id(), T0)))));

        assertThat(warehouse.query(APP, "SELECT app, count(*) FROM events GROUP BY app").rows())
                .containsExactly(List.of(APP, 1L));
        assertThat(warehouse.query(APP, "SELECT count(*) FROM events WHERE app = '" + OTHER_APP + "'").rows())
                .containsExactly(List.of(0L));
        assertThat(count(OTHER_APP)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT count(*) FROM warm.events_all", "SELECT count(*) FROM events_all"})
    void sqlCannotReachTheBaseTable(String sql) {
        load(List.of(lake.file(List.of(LakeRow.of(OTHER_APP, id(), T0)))));

        assertThatThrownBy(() -> warehouse.query(APP, sql)).isInstanceOf(QueryException.class);
    }

    @Test
    void perTypeViewsPromoteAttributesToTypedColumns() {
        load(List.of(lake.file(List.of(
                LakeRow.of(APP, id(), T0).type("iap_transaction", "{\"price\":4.99,\"item\":{\"sku\":\"gem_pack\"}}"),
                LakeRow.of(APP, id(), T0).type("iap_transaction", "{\"price\":\"not a number\"}"),
                LakeRow.of(OTHER_APP, id(), T0).type("iap_transaction", "{\"price\":100}")))));

        QueryResult r = warehouse.query(APP, "SELECT price, sku FROM iap_transaction ORDER BY price NULLS LAST");

        assertThat(r.rows()).hasSize(2);
        assertThat((BigDecimal) r.rows().get(0).get(0)).isEqualByComparingTo("4.99");
        assertThat(r.rows().get(0).get(1)).isEqualTo("gem_pack");
        assertThat(r.rows().get(1).get(0)).isNull();
    }

    @Test
    void rowLimitIsEnforced() {
        warehouse.close();
        warehouse = open(config().withSqlLimits(2, Duration.ofSeconds(30)), FaultHook.NONE);
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), T0), LakeRow.of(APP, id(), T0), LakeRow.of(APP, id(), T0)))));

        assertThat(warehouse.query(APP, "SELECT event_id FROM events LIMIT 2").rows()).hasSize(2);
        assertThatThrownBy(() -> warehouse.query(APP, "SELECT event_id FROM events"))
                .isInstanceOf(QueryException.class).hasMessageContaining("more than 2 rows");
    }

    @Test
    void aRunawayQueryIsCancelledAtTheTimeout() {
        warehouse.close();
        warehouse = open(config().withSqlLimits(100, Duration.ofSeconds(1)), FaultHook.NONE);
        List<LakeRow> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(LakeRow.of(APP, id(), T0));
        }
        load(List.of(lake.file(rows)));

        assertThatThrownBy(() -> warehouse.query(APP, "SELECT count(*) FROM events a, events b, events c, events d "
                + "WHERE a.event_id < b.event_id || c.event_id || d.event_id"))
                .isInstanceOf(QueryException.class).hasMessageContaining("longer than");
    }

    @Test
    void invalidSqlIsTheCallersError() {
        assertThatThrownBy(() -> warehouse.query(APP, "SELEC nonsense")).isInstanceOf(QueryException.class);
        assertThatThrownBy(() -> warehouse.query(APP, "SELECT no_such_column FROM events"))
                .isInstanceOf(QueryException.class);
    }

    @Test
    void sideTablesAreScopedLikeEvents() {
        SideTable live = new SideTable("live_metrics", List.of(
                new SideTable.Column("window_end", SideTable.Type.TIMESTAMP),
                new SideTable.Column("events", SideTable.Type.BIGINT),
                new SideTable.Column("level_id", SideTable.Type.VARCHAR)));
        warehouse.ensureTable(live);
        warehouse.ensureTable(live);
        warehouse.insert("live_metrics", List.of(
                List.of(APP, T0, 42L, "dust"),
                java.util.Arrays.asList(OTHER_APP, T0, 7L, null)));

        assertThat(warehouse.query(APP, "SELECT window_end, events, level_id FROM live_metrics").rows())
                .containsExactly(List.of("2026-11-20T10:00:00Z", 42L, "dust"));
        assertThat(((Number) warehouse.query(OTHER_APP, "SELECT sum(events) FROM live_metrics").rows().getFirst()
                .getFirst()).longValue()).isEqualTo(7L);
        assertThatThrownBy(() -> warehouse.query(APP, "DELETE FROM live_metrics")).isInstanceOf(QueryException.class);
    }

    /** The engines run on a clock fixed at 2026-11-22T12:00Z; the default retention is 180 days. */
    @Test
    void retentionByTheInjectedClockKeepsSixMonths() {
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), Instant.parse("2026-05-25T23:00:00Z")))),
                lake.file(List.of(LakeRow.of(APP, id(), Instant.parse("2026-05-26T01:00:00Z")))),
                lake.file(List.of(LakeRow.of(APP, id(), T0)))));

        assertThat(warehouse.applyRetention()).isEqualTo(1);
        assertThat(count(APP)).isEqualTo(2);
    }

    @Test
    void retentionDeletesOldDates() {
        load(List.of(lake.file(List.of(LakeRow.of(APP, id(), T0.minus(Duration.ofDays(3))))),
                lake.file(List.of(LakeRow.of(APP, id(), T0)))));

        assertThat(warehouse.deleteBefore(LocalDate.parse("2026-11-19"))).isEqualTo(1);
        assertThat(count(APP)).isEqualTo(1);
    }
}
