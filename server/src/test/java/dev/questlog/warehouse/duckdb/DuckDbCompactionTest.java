package dev.questlog.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.app.HeatmapStage;
import dev.questlog.config.HeatmapConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.heatmap.BinShape;
import dev.questlog.heatmap.Heatmap;
import dev.questlog.heatmap.HeatmapRequest;
import dev.questlog.heatmap.Mode;
import dev.questlog.warehouse.CompactionStep;
import dev.questlog.warehouse.DayCompaction;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LakeFixture;
import dev.questlog.warehouse.LakeRow;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehousePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Day compaction on DuckDB: closed days are rewritten in heatmap order without losing, doubling or changing an
 * event, whatever happens in the middle, and the heatmaps read the same before and after.
 */
class DuckDbCompactionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    private static final List<String> APPS = List.of("game_a", "game_b");
    private static final List<String> LEVELS = List.of("canyon", "docks", "keep");
    private static final List<String> TYPES = List.of("player_death", "player_kill", "item_pickup");

    /** The loaded warehouse every test starts from (loading it once keeps the class fast). */
    @TempDir
    static Path template;

    @TempDir
    Path dataDir;

    private LakeFixture lake;
    private Warehouse warehouse;
    private final Random random = new Random(42);

    @BeforeAll
    static void loadTemplate() {
        DuckDbCompactionTest t = new DuckDbCompactionTest();
        t.dataDir = template;
        t.lake = new LakeFixture(WarehousePaths.stagingDir(template));
        t.warehouse = t.open(FaultHook.NONE);
        // Three closed days and today, each from three loads whose rows mix levels and types (arrival order).
        for (int daysAgo = 3; daysAgo >= 0; daysAgo--) {
            for (int load = 0; load < 3; load++) {
                t.loadDay(TODAY.minusDays(daysAgo), 60);
            }
        }
        t.warehouse.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        Path dir = Files.createDirectories(WarehousePaths.warehouseDir(dataDir));
        Files.copy(WarehousePaths.warehouseDir(template).resolve("warm.duckdb"), dir.resolve("warm.duckdb"));
        lake = new LakeFixture(WarehousePaths.stagingDir(dataDir));
        warehouse = open(FaultHook.NONE);
    }

    @AfterEach
    void tearDown() {
        warehouse.close();
    }

    private Warehouse open(FaultHook hook) {
        return DuckDbWarehouse.open(WarehouseConfig.defaults(), WarehousePaths.warehouseDir(dataDir),
                InstantSource.fixed(NOW), hook);
    }

    /** One load of {@code rowsPerApp} random events per app on {@code day}. */
    private void loadDay(LocalDate day, int rowsPerApp) {
        List<StagedFile> files = new ArrayList<>();
        for (String app : APPS) {
            List<LakeRow> rows = new ArrayList<>();
            for (int i = 0; i < rowsPerApp; i++) {
                rows.add(row(app, UUID.randomUUID().toString(), day));
            }
            files.add(lake.file(rows));
        }
        warehouse.load(LakeFixture.manifestOf(files), files);
    }

    private LakeRow row(String app, String id, LocalDate day) {
        Instant t = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusMillis(random.nextInt(86_400_000));
        return new LakeRow(id, TYPES.get(random.nextInt(TYPES.size())), t, t.plusMillis(250), app,
                LEVELS.get(random.nextInt(LEVELS.size())), random.nextDouble() * 100, random.nextDouble() * 100, "{}",
                0, 0);
    }

    /** Every event of every app, each column, sorted by event id. */
    private List<List<Object>> snapshot() {
        List<List<Object>> all = new ArrayList<>();
        for (String app : APPS) {
            all.addAll(warehouse.query(app, "SELECT * FROM events ORDER BY event_id").rows());
        }
        return all;
    }

    private List<Heatmap> heatmaps() {
        var service = HeatmapStage.open(new HeatmapConfig("viridis", 400, List.of()), warehouse);
        List<Heatmap> maps = new ArrayList<>();
        for (String app : APPS) {
            maps.add(service.aggregate(HeatmapRequest.count(app, "canyon", "player_death")));
            maps.add(service.aggregate(new HeatmapRequest(app, "docks", List.of("player_kill"), List.of("item_pickup"),
                    Optional.of(NOW.minus(Duration.ofDays(2))), Optional.of(NOW), Optional.empty(), Optional.empty(),
                    Optional.empty(), Map.of(), BinShape.SQUARE, Optional.of(7.0), Mode.BALANCE)));
        }
        return maps;
    }

    private List<DayCompaction> compactAll() {
        List<DayCompaction> done = new ArrayList<>();
        for (Optional<DayCompaction> d = warehouse.compactNextDay(); d.isPresent(); d = warehouse.compactNextDay()) {
            done.add(d.get());
        }
        return done;
    }

    @Test
    void closedDaysAreRewrittenNewestFirstKeepingEveryEventAndEveryHeatmap() throws SQLException {
        List<List<Object>> before = snapshot();
        List<Heatmap> mapsBefore = heatmaps();

        List<DayCompaction> done = compactAll();

        assertThat(done).containsExactly(new DayCompaction(TODAY.minusDays(1), 360),
                new DayCompaction(TODAY.minusDays(2), 360), new DayCompaction(TODAY.minusDays(3), 360));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(warehouse.countEvents()).isEqualTo(4 * 360);
        List<Heatmap> mapsAfter = heatmaps();
        for (int i = 0; i < mapsBefore.size(); i++) {
            assertThat(mapsAfter.get(i).totalA()).isEqualTo(mapsBefore.get(i).totalA()).isPositive();
            assertThat(mapsAfter.get(i).totalB()).isEqualTo(mapsBefore.get(i).totalB());
            assertThat(mapsAfter.get(i).bins()).containsExactlyInAnyOrderElementsOf(mapsBefore.get(i).bins());
        }
        warehouse.close();
        for (int daysAgo = 0; daysAgo <= 3; daysAgo++) {
            assertThat(isInHeatmapOrder(TODAY.minusDays(daysAgo))).as("%d days ago", daysAgo).isEqualTo(daysAgo > 0);
        }
        warehouse = open(FaultHook.NONE);
    }

    /** Whether the day's rows lie in (app, level_id, event_type, event_time) order in storage. */
    private boolean isInHeatmapOrder(LocalDate day) throws SQLException {
        Path file = WarehousePaths.warehouseDir(dataDir).resolve("warm.duckdb");
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
             PreparedStatement ps = c.prepareStatement("SELECT app, level_id, event_type, strftime(event_time, "
                     + "'%Y%m%d%H%M%S%f') FROM warm.events_all WHERE event_date = ? ORDER BY rowid")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        assertThat(stored).hasSize(360);
        return stored.equals(stored.stream().sorted(Comparator.naturalOrder()).toList());
    }

    @Test
    void compactionIsIdempotentAndRedoesADayOnlyWhenLateRowsGrewItByATenth() {
        compactAll();
        assertThat(warehouse.compactNextDay()).isEmpty();

        loadDay(TODAY.minusDays(2), 10);
        assertThat(warehouse.compactNextDay()).as("20 late rows on 360").isEmpty();

        loadDay(TODAY.minusDays(2), 10);
        List<List<Object>> before = snapshot();
        assertThat(warehouse.compactNextDay()).contains(new DayCompaction(TODAY.minusDays(2), 400));
        assertThat(warehouse.compactNextDay()).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = CompactionStep.class, names = {"COPIED", "DELETED", "REWRITTEN", "RECORDED"})
    void aCrashInTheMiddleLeavesTheDayAsItWas(CompactionStep crashAt) {
        List<List<Object>> before = snapshot();
        warehouse.close();
        Warehouse crashing = open(crashAfter(crashAt));
        assertThatThrownBy(crashing::compactNextDay).hasMessageContaining("injected crash");
        crashing.close();

        warehouse = open(FaultHook.NONE);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(compactAll()).extracting(DayCompaction::eventDate)
                .containsExactly(TODAY.minusDays(1), TODAY.minusDays(2), TODAY.minusDays(3));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aCrashAfterTheCommitKeepsTheCompaction() {
        List<List<Object>> before = snapshot();
        warehouse.close();
        Warehouse crashing = open(crashAfter(CompactionStep.COMMITTED));
        assertThatThrownBy(crashing::compactNextDay).hasMessageContaining("injected crash");
        crashing.close();

        warehouse = open(FaultHook.NONE);
        assertThat(compactAll()).extracting(DayCompaction::eventDate)
                .containsExactly(TODAY.minusDays(2), TODAY.minusDays(3));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theAntiJoinAndRetentionSeeCompactedDaysAsBefore() {
        String id = warehouse.query("game_a", "SELECT event_id FROM events WHERE event_date = DATE '2026-11-20' "
                + "LIMIT 1").rows().getFirst().getFirst().toString();
        compactAll();

        StagedFile resent = lake.file(List.of(row("game_a", id, TODAY.minusDays(2))));
        assertThat(warehouse.load(LakeFixture.manifestOf(List.of(resent)), List.of(resent)).rowsInserted()).isZero();
        assertThat(warehouse.deleteBefore(TODAY.minusDays(1))).isEqualTo(2 * 360);
        assertThat(warehouse.countEvents()).isEqualTo(2 * 360);
        assertThat(warehouse.compactNextDay()).isEmpty();
    }

    private static FaultHook crashAfter(CompactionStep crashAt) {
        return new FaultHook() {
            @Override
            public void reached(LoadStep step) {
            }

            @Override
            public void reached(CompactionStep step) {
                if (step == crashAt) {
                    throw new IllegalStateException("injected crash after " + step);
                }
            }
        };
    }
}
