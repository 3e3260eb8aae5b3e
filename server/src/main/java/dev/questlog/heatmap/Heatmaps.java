package dev.questlog.heatmap;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The heatmap service behind {@code ./questlog heatmap} and {@code GET /v1/heatmap}: aggregates in the warm engine's
 * SQL (one row per non-empty bin comes back, never raw events) and renders. Thread-safe.
 */
public final class Heatmaps {

    /** Runs a read-only query over one app's rows in the warm engine; each row as an array of column values. */
    @FunctionalInterface
    public interface SqlRunner {
        List<Object[]> query(String app, String sql, List<Object> params);
    }

    private final LevelRegistry levels;
    private final HeatmapSql sql;
    private final SqlRunner runner;
    private final HeatmapRenderer renderer;

    public Heatmaps(LevelRegistry levels, HeatmapSql sql, SqlRunner runner, HeatmapRenderer renderer) {
        this.levels = levels;
        this.sql = sql;
        this.runner = runner;
        this.renderer = renderer;
    }

    public Heatmap aggregate(HeatmapRequest req) {
        Level level = levels.find(req.level()).orElseGet(() -> levelFromData(req));
        BinGrid grid = new BinGrid(req.shape(), req.binSize().orElseGet(() -> BinGrid.autoSize(req.shape(), level)),
                level.minX(), level.minY());
        HeatmapSql.Statement st = sql.bins(req, grid);
        List<long[]> rows = new ArrayList<>();
        for (Object[] r : runner.query(req.app(), st.sql(), st.params())) {
            rows.add(new long[] {num(r[0]), num(r[1]), num(r[2]), num(r[3])});
        }
        return Heatmap.of(level, req, grid, rows);
    }

    /** The rendered PNG, at most {@code maxSide} pixels on the map's longer side. */
    public byte[] png(Heatmap map, int maxSide) {
        return HeatmapRenderer.png(image(map, maxSide));
    }

    public BufferedImage image(Heatmap map, int maxSide) {
        return renderer.render(map, HeatmapRenderer.layout(map.level(), maxSide), levels.background(map.level()));
    }

    /** JSON for the dashboard: bins with world centres, pixel centres in the PNG of the same size, counts, colours. */
    public String json(Heatmap map, int maxSide) {
        return HeatmapJson.write(map, HeatmapRenderer.layout(map.level(), maxSide), renderer);
    }

    /** An unregistered level: the data's extent plus a margin, y up, no background. */
    private Level levelFromData(HeatmapRequest req) {
        HeatmapSql.Statement st = sql.extent(req);
        List<Object[]> rows = runner.query(req.app(), st.sql(), st.params());
        Object[] r = rows.isEmpty() ? new Object[4] : rows.get(0);
        if (r[0] == null) {
            return new Level(req.level(), 0, 100, 0, 100, true, Optional.empty());
        }
        double minX = dbl(r[0]);
        double maxX = dbl(r[1]);
        double minY = dbl(r[2]);
        double maxY = dbl(r[3]);
        double pad = Math.max(Math.max(maxX - minX, maxY - minY) * 0.05, 1);
        return new Level(req.level(), minX - pad, maxX + pad, minY - pad, maxY + pad, true, Optional.empty());
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static double dbl(Object o) {
        return ((Number) o).doubleValue();
    }
}
