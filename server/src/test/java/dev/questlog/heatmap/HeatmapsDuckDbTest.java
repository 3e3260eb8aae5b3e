package dev.questlog.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The heatmap's SQL binning run by a real DuckDB over an events table shaped like the warm tier's. */
class HeatmapsDuckDbTest {
    private static final Level MAP = new Level("canyon", 0, 1000, 0, 500, true, Optional.empty());
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    private Connection db;
    private Heatmaps heatmaps;

    @BeforeEach
    void setUp() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE events (event_id VARCHAR, event_type VARCHAR, event_time TIMESTAMP, event_date DATE, app VARCHAR,"
                    + " app_version VARCHAR, trust VARCHAR, level_id VARCHAR, position_x DOUBLE, position_y DOUBLE,"
                    + " attributes JSON)");
        }
        heatmaps = new Heatmaps(new LevelRegistry(List.of(MAP)), new HeatmapSql("events", Dialect.DUCKDB), this::query,
                new HeatmapRenderer(Colormap.VIRIDIS));
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
    }

    private List<Object[]> query(String app, String sql, List<Object> params) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int c = 0; c < n; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int seq;

    private void insert(String app, String type, String version, double x, double y, long timeMillis, String weapon)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO events VALUES (?, ?, epoch_ms(CAST(? AS BIGINT)), CAST(epoch_ms(CAST(? AS BIGINT)) AS DATE), ?, "
                        + "?, 'client', ?, ?, ?, ?)")) {
            ps.setString(1, "id-" + seq++);
            ps.setString(2, type);
            ps.setLong(3, timeMillis);
            ps.setLong(4, timeMillis);
            ps.setString(5, app);
            ps.setString(6, version);
            ps.setString(7, MAP.id());
            ps.setDouble(8, x);
            ps.setDouble(9, y);
            ps.setString(10, "{\"weapon\":\"" + weapon + "\"}");
            ps.execute();
        }
    }

    /** n events scattered (gaussian, sigma world units) around a centre. */
    private void cluster(String type, String version, double cx, double cy, double sigma, int n, Random r)
            throws SQLException {
        for (int i = 0; i < n; i++) {
            insert("game", type, version, cx + r.nextGaussian() * sigma, cy + r.nextGaussian() * sigma, T0 + i, "rifle");
        }
    }

    @Test
    void sqlBinsAgreeWithTheJavaGeometryForEveryPoint() throws SQLException {
        Random r = new Random(7);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double x = r.nextDouble() * 1000;
            double y = r.nextDouble() * 500;
            points.add(new double[] {x, y});
            insert("game", "player_death", "1.0", x, y, T0, "rifle");
        }
        for (BinShape shape : BinShape.values()) {
            HeatmapRequest req = HeatmapRequest.count("game", "canyon", "player_death").withShape(shape).withBinSize(23);
            Heatmap map = heatmaps.aggregate(req);
            Map<List<Long>, Long> expected = new java.util.HashMap<>();
            for (double[] p : points) {
                long[] bin = map.grid().binOf(p[0], p[1]);
                expected.merge(List.of(bin[0], bin[1]), 1L, Long::sum);
            }
            Map<List<Long>, Long> actual = new java.util.HashMap<>();
            map.bins().forEach(b -> actual.put(List.of(b.a(), b.b()), b.countA()));
            assertThat(actual).as(shape.name()).isEqualTo(expected);
            assertThat(map.totalA()).isEqualTo(3000);
        }
    }

    @Test
    void theHottestBinsAreTheClustersAndFiltersApply() throws SQLException {
        Random r = new Random(1);
        cluster("player_death", "1.0", 200, 100, 8, 400, r);
        cluster("player_death", "1.0", 700, 380, 8, 250, r);
        for (int i = 0; i < 300; i++) {
            insert("game", "player_death", "1.0", r.nextDouble() * 1000, r.nextDouble() * 500, T0, "knife");
        }
        cluster("player_death", "1.0", 500, 250, 5, 900, new Random(3));
        // Other apps, levels and types must not count.
        insert("other", "player_death", "1.0", 500, 250, T0, "rifle");

        Heatmap all = heatmaps.aggregate(HeatmapRequest.count("game", "canyon", "player_death"));
        Bin hottest = all.bins().get(0);
        assertThat(Math.hypot(hottest.centerX() - 500, hottest.centerY() - 250)).isLessThan(all.grid().size() * 2);
        assertThat(all.totalA()).isEqualTo(400 + 250 + 300 + 900);

        HeatmapRequest knifeOnly = new HeatmapRequest("game", "canyon", List.of("player_death"), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of("weapon", "knife"), BinShape.SQUARE, Optional.empty(), Mode.COUNT);
        assertThat(heatmaps.aggregate(knifeOnly).totalA()).isEqualTo(300);

        HeatmapRequest firstHundredMillis = new HeatmapRequest("game", "canyon", List.of("player_death"), List.of(),
                Optional.of(Instant.ofEpochMilli(T0)), Optional.of(Instant.ofEpochMilli(T0 + 100)), Optional.empty(),
                Optional.empty(), Optional.of("client"), Map.of(), BinShape.HEX, Optional.empty(), Mode.COUNT);
        // Each cluster's i-th event happened at T0 + i; the 300 uniform ones at T0.
        assertThat(heatmaps.aggregate(firstHundredMillis).totalA()).isEqualTo(100 + 100 + 300 + 100);
    }

    /** The implied event_date bounds must not lose events at day edges (event_date is event_time's UTC date). */
    @Test
    void timeBoundsCountExactlyTheEventsInRangeAcrossMidnight() throws SQLException {
        long day = 86_400_000L;
        for (long t : new long[] {T0 - day, T0 - 1, T0, T0 + 1, T0 + day - 1, T0 + day, T0 + 2 * day - 1}) {
            insert("game", "player_death", "1.0", 500, 250, t, "rifle");
        }
        assertThat(countBetween(T0 - 1, T0 + 1)).isEqualTo(2);
        assertThat(countBetween(T0, T0 + day)).isEqualTo(3);
        assertThat(countBetween(T0 + 1, T0 + day + 1)).isEqualTo(3);
        assertThat(countBetween(T0 - day, T0 + 2 * day)).isEqualTo(7);
        assertThat(countBetween(T0 + day - 1, T0 + 2 * day - 1)).isEqualTo(2);
    }

    private long countBetween(long fromMillis, long toMillis) {
        return heatmaps.aggregate(new HeatmapRequest("game", "canyon", List.of("player_death"), List.of(),
                Optional.of(Instant.ofEpochMilli(fromMillis)), Optional.of(Instant.ofEpochMilli(toMillis)),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), BinShape.HEX, Optional.empty(),
                Mode.COUNT)).totalA();
    }

    @Test
    void balanceIsPositiveWhereKillsWinAndNegativeWhereDeathsWin() throws SQLException {
        Random r = new Random(5);
        cluster("player_kill", "1.0", 200, 100, 5, 300, r);
        cluster("player_death", "1.0", 200, 100, 5, 50, r);
        cluster("player_death", "1.0", 800, 400, 5, 300, r);
        HeatmapRequest req = new HeatmapRequest("game", "canyon", List.of("player_kill"), List.of("player_death"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                BinShape.HEX, Optional.of(20.0), Mode.BALANCE);
        Heatmap map = heatmaps.aggregate(req);
        assertThat(valueNear(map, 200, 100)).isPositive();
        assertThat(valueNear(map, 800, 400)).isNegative();
        assertThat(map.totalA()).isEqualTo(300);
        assertThat(map.totalB()).isEqualTo(350);
    }

    @Test
    void compareBuildsShowsWhereBuildBMovedTheDeaths() throws SQLException {
        Random r = new Random(9);
        cluster("player_death", "1.0", 200, 100, 5, 300, r);
        cluster("player_death", "2.0", 800, 400, 5, 900, r);
        cluster("player_death", "2.0", 200, 100, 5, 100, r);
        HeatmapRequest req = new HeatmapRequest("game", "canyon", List.of("player_death"), List.of(), Optional.empty(),
                Optional.empty(), Optional.of("1.0"), Optional.of("2.0"), Optional.empty(), Map.of(), BinShape.SQUARE,
                Optional.of(25.0), Mode.COMPARE);
        Heatmap map = heatmaps.aggregate(req);
        assertThat(valueNear(map, 200, 100)).isPositive();
        assertThat(valueNear(map, 800, 400)).isNegative();
    }

    @Test
    void thePngShowsTheHotBinInTheTopColourAtItsPixel() throws SQLException {
        // A tight cluster at the centre of square bin (25, 12), so its pixel is well inside the bin.
        cluster("player_death", "1.0", 255, 125, 0.01, 500, new Random(2));
        insert("game", "player_death", "1.0", 900, 450, T0, "rifle");
        Heatmap map = heatmaps.aggregate(HeatmapRequest.count("game", "canyon", "player_death")
                .withShape(BinShape.SQUARE).withBinSize(10));
        BufferedImage img = heatmaps.image(map, 800);
        Projection proj = HeatmapRenderer.layout(MAP, 800);
        Point2D.Double hot = proj.toPixel(255, 125);
        Point2D.Double empty = proj.toPixel(600, 100);
        Color top = Colormap.VIRIDIS.at(1);
        Color atHot = new Color(img.getRGB((int) hot.x, (int) hot.y));
        Color background = new Color(238, 238, 238);
        // The strongest bin is drawn at 80% opacity over the neutral background.
        assertThat(atHot.getRed()).isCloseTo((int) Math.round(top.getRed() * 0.8 + background.getRed() * 0.2), org.assertj.core.data.Offset.offset(3));
        assertThat(atHot.getGreen()).isCloseTo((int) Math.round(top.getGreen() * 0.8 + background.getGreen() * 0.2), org.assertj.core.data.Offset.offset(3));
        assertThat(atHot.getBlue()).isCloseTo((int) Math.round(top.getBlue() * 0.8 + background.getBlue() * 0.2), org.assertj.core.data.Offset.offset(3));
        Color atEmpty = new Color(img.getRGB((int) empty.x, (int) empty.y));
        assertThat(atEmpty).isIn(background, new Color(210, 210, 210));
        byte[] png = heatmaps.png(map, 800);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(heatmaps.json(map, 800)).contains("\"level\":\"canyon\"").contains("\"count\":500");
    }

    @Test
    void anUnregisteredLevelTakesItsBoundsFromTheData() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO events VALUES ('x1', 'player_death', now(), CAST(now() AS DATE), 'game', '1', 'server', "
                        + "'unknown_map', ?, ?, '{}')")) {
            ps.setDouble(1, -300);
            ps.setDouble(2, 40);
            ps.execute();
            ps.setDouble(1, 500);
            ps.setDouble(2, 90);
            ps.execute();
        }
        Heatmap map = heatmaps.aggregate(HeatmapRequest.count("game", "unknown_map", "player_death"));
        assertThat(map.level().minX()).isLessThan(-300);
        assertThat(map.level().maxX()).isGreaterThan(500);
        assertThat(map.totalA()).isEqualTo(2);
        assertThat(heatmaps.png(map, 400)).startsWith(0x89, 'P', 'N', 'G');
    }

    private static double valueNear(Heatmap map, double x, double y) {
        long[] bin = map.grid().binOf(x, y);
        return map.bins().stream().filter(b -> b.a() == bin[0] && b.b() == bin[1]).findFirst().orElseThrow().value();
    }
}
