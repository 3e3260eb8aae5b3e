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
            Bin hottest = map.bins().stream().max(Comparator.comparingLong(Bin::countA)).orElseThrow();
            assertThat(Math.hypot(hottest.centerX() - 500, hottest.centerY() - 500)).isLessThan(30);
        }
    }

    @Test
    void clusteringKeepsTheRowsAndOrdersEachDayByLevelAndType() throws Exception {
        try (Connection c = HeatmapData.open(dir.resolve("warm.duckdb"))) {
            HeatmapData.generate(c, ROWS, HeatmapBench.END);
            long deaths = longOf(c, "SELECT count(*) FROM events_all WHERE event_type = 'player_death'");
            HeatmapData.clusterByLevelAndType(c);
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

    private static long longOf(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
