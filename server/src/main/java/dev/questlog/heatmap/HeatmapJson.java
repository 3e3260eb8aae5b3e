package dev.questlog.heatmap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.Color;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Serialises a heatmap as JSON for the dashboard (hover shows a bin's counts at its pixel position). */
final class HeatmapJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HeatmapJson() {
    }

    static String write(Heatmap map, Projection proj, HeatmapRenderer renderer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            Level l = map.level();
            g.writeStringField("level", l.id());
            g.writeObjectFieldStart("bounds");
            g.writeNumberField("min_x", l.minX());
            g.writeNumberField("max_x", l.maxX());
            g.writeNumberField("min_y", l.minY());
            g.writeNumberField("max_y", l.maxY());
            g.writeBooleanField("y_up", l.yUp());
            g.writeEndObject();
            g.writeStringField("mode", map.request().mode().name().toLowerCase(Locale.ROOT));
            g.writeStringField("bins_shape", map.request().shape().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("bin_size", map.grid().size());
            g.writeNumberField("total_a", map.totalA());
            g.writeNumberField("total_b", map.totalB());
            g.writeNumberField("max_magnitude", map.maxMagnitude());
            g.writeObjectFieldStart("image");
            g.writeNumberField("map_left", proj.left());
            g.writeNumberField("map_top", proj.top());
            g.writeNumberField("map_width", proj.width());
            g.writeNumberField("map_height", proj.height());
            g.writeEndObject();
            g.writeArrayFieldStart("bins");
            for (Bin b : map.bins()) {
                Point2D.Double px = proj.toPixel(b.centerX(), b.centerY());
                Color c = renderer.colorOf(map, b.value());
                g.writeStartObject();
                g.writeNumberField("a", b.a());
                g.writeNumberField("b", b.b());
                g.writeNumberField("x", b.centerX());
                g.writeNumberField("y", b.centerY());
                g.writeNumberField("px", Math.round(px.x * 10) / 10.0);
                g.writeNumberField("py", Math.round(px.y * 10) / 10.0);
                g.writeNumberField("count", b.countA());
                if (map.request().mode() != Mode.COUNT) {
                    g.writeNumberField("count_b", b.countB());
                }
                g.writeNumberField("value", b.value());
                g.writeStringField("color", String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
