package dev.questlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.app.HeatmapStage;
import dev.questlog.config.HeatmapConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.heatmap.Bin;
import dev.questlog.heatmap.Heatmap;
import dev.questlog.heatmap.HeatmapRequest;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's synthetic warm table: warehouse-shaped, in loader order, with deaths at the map's hotspots. */
class HeatmapDataTest {
    private static final long ROWS = 60_000;
    /** dust_valley's hotspots (x, y), heaviest first, as in levels/dust_valley.json. */
    private static final double[][] HOTSPOTS = {{500, 500}, {150, 600}, {850, 380}, {500, 860}};

    @TempDir
    Path dir;

    @Test
    void rowsAreInLoaderOrderAndTheProductsHeatmapFindsTheHotspots() throws Exception {
        try (Connection c = HeatmapData.open(dir.resolve("warm.duckdb"))) {
            HeatmapData.generate(c, ROWS, HeatmapBench.END);
            assertThat(longOf(c, "SELECT count(*) FROM events_all")).isEqualTo(ROWS);
            assertThat(longOf(c, "SELECT count(DISTINCT event_date) FROM events_all")).isEqualTo(HeatmapData.DAYS);
            // event_date never decreases in storage order (rowid), as the loader appends.
            assertThat(longOf(c, "SELECT count(*) FROM (SELECT event_date < lag(event_date) OVER (ORDER BY rowid) AS "
                    + "back FROM events_all) WHERE back")).isZero();
            assertThat(longOf(c, "SELECT count(*) FROM events_all WHERE event_type = 'player_death'"))
                    .isBetween(ROWS / 10 - ROWS / 50, ROWS / 10 + ROWS / 50);
        }
        try (Warehouse w = DuckDbWarehouse.open(WarehouseConfig.defaults(), dir, InstantSource.fixed(HeatmapBench.END),
                FaultHook.NONE)) {
            Heatmap map = HeatmapStage.open(new HeatmapConfig("viridis", 400, List.of()), w)
                    .aggregate(HeatmapRequest.count(HeatmapData.APP, "dust_valley", "player_death"));
            // The hottest bin sits on one of dust_valley's hotspots (their peak densities are close, so which one
            // wins is up to sampling); the heaviest hotspot, mid_bridge (45% of clustered deaths), holds the most.
            Bin hottest = map.bins().stream().max(Comparator.comparingLong(Bin::countA)).orElseThrow();
            assertThat(java.util.Arrays.stream(HOTSPOTS)
                    .mapToDouble(h -> Math.hypot(hottest.centerX() - h[0], hottest.centerY() - h[1])).min().orElseThrow())
                    .isLessThan(30);
            long mid = near(map, HOTSPOTS[0]);
            for (int k = 1; k < HOTSPOTS.length; k++) {
                assertThat(mid).isGreaterThan(near(map, HOTSPOTS[k]));
            }
        }
    }

    /** The bench's "compacted" layout is the product's day compaction run on the generated rows. */
    @Test
    void theProductsCompactionKeepsTheRowsAndOrdersEachDayByLevelAndType() throws Exception {
        long deaths;
        try (Connection c = HeatmapData.open(dir.resolve("warm.duckdb"))) {
            HeatmapData.generate(c, ROWS, HeatmapBench.END);
            deaths = longOf(c, "SELECT count(*) FROM events_all WHERE event_type = 'player_death'");
        }
        try (Warehouse w = DuckDbWarehouse.open(WarehouseConfig.defaults(), dir, InstantSource.fixed(HeatmapBench.END),
                FaultHook.NONE)) {
            int days = 0;
            while (w.compactNextDay().isPresent()) {
                days++;
            }
            assertThat(days).isEqualTo(HeatmapData.DAYS);
        }
        try (Connection c = HeatmapData.open(dir.resolve("warm.duckdb"))) {
            assertThat(longOf(c, "SELECT count(*) FROM events_all")).isEqualTo(ROWS);
            assertThat(longOf(c, "SELECT count(*) FROM events_all WHERE event_type = 'player_death'")).isEqualTo(deaths);
            // Each (day, level, type) is one contiguous run in storage order.
            long runs = longOf(c, "SELECT count(*) FROM (SELECT (event_date, level_id, event_type) IS DISTINCT FROM "
                    + "lag((event_date, level_id, event_type)) OVER (ORDER BY rowid) AS starts FROM events_all) "
                    + "WHERE starts");
            assertThat(runs).isEqualTo(longOf(c, "SELECT count(*) FROM (SELECT DISTINCT event_date, level_id, "
                    + "event_type FROM events_all)"));
        }
    }

    /** Deaths in bins whose centre is within 60 world units of {@code spot}. */
    private static long near(Heatmap map, double[] spot) {
        return map.bins().stream().filter(b -> Math.hypot(b.centerX() - spot[0], b.centerY() - spot[1]) < 60)
                .mapToLong(Bin::countA).sum();
    }

    private static long longOf(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
