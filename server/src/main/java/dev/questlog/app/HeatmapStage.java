package dev.questlog.app;

import dev.questlog.config.HeatmapConfig;
import dev.questlog.heatmap.Colormap;
import dev.questlog.heatmap.Dialect;
import dev.questlog.heatmap.HeatmapRenderer;
import dev.questlog.heatmap.HeatmapSql;
import dev.questlog.heatmap.Heatmaps;
import dev.questlog.heatmap.LevelRegistry;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.Warehouse;
import java.util.List;

/** Wires the heatmap service onto the warm tier: its SQL runs as the app's read-only query on the warehouse. */
public final class HeatmapStage {
    private HeatmapStage() {
    }

    public static Heatmaps open(HeatmapConfig config, Warehouse warehouse) {
        Dialect dialect = warehouse.engine().equals("postgres") ? Dialect.POSTGRES : Dialect.DUCKDB;
        HeatmapSql sql = new HeatmapSql("events", dialect);
        return new Heatmaps(LevelRegistry.of(config), sql, (app, text, params) ->
                rows(warehouse.query(app, new HeatmapSql.Statement(text, params).inlined())),
                new HeatmapRenderer(Colormap.parse(config.colormap())));
    }

    private static List<Object[]> rows(QueryResult result) {
        return result.rows().stream().map(List::toArray).toList();
    }
}
