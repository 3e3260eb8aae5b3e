package dev.questlog.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes each map's picture ({@code <id>.png}, {@value #WIDTH_PX} px wide) and description ({@code <id>.json}:
 * bounds, y axis, picture size, hotspots) into a directory. The committed copies live in
 * {@code server/src/main/resources/levels/}; regenerate them after changing {@link Maps}:
 * {@code java -cp server/target/classes:server/target/lib/* dev.questlog.sim.MapAssets server/src/main/resources/levels}
 */
public final class MapAssets {
    /** Width of the committed pictures. */
    public static final int WIDTH_PX = 1024;

    private MapAssets() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "server/src/main/resources/levels");
        write(dir);
        System.out.println("wrote " + Maps.all().size() + " maps to " + dir.toAbsolutePath());
    }

    /** Writes every map's PNG and JSON into {@code dir} (created if needed). */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (GameMap map : Maps.all()) {
            var picture = Maps.picture(map, WIDTH_PX);
            ImageIO.write(picture, "png", dir.resolve(map.id() + ".png").toFile());
            json.writeValue(dir.resolve(map.id() + ".json").toFile(),
                    describe(map, picture.getWidth(), picture.getHeight()));
        }
    }

    /** The JSON description of a map (the heatmap stage's input: bounds, axis, picture). */
    public static Map<String, Object> describe(GameMap map, int widthPx, int heightPx) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("level_id", map.id());
        d.put("name", map.name());
        d.put("min_x", map.minX());
        d.put("min_y", map.minY());
        d.put("max_x", map.maxX());
        d.put("max_y", map.maxY());
        d.put("y_axis", map.yAxis().name().toLowerCase(Locale.ROOT));
        d.put("image", map.id() + ".png");
        d.put("image_width", widthPx);
        d.put("image_height", heightPx);
        List<Map<String, Object>> hotspots = map.hotspots().stream().map(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("x", h.x());
            m.put("y", h.y());
            m.put("radius", h.radius());
            m.put("weight", h.weight());
            return m;
        }).toList();
        d.put("hotspots", hotspots);
        return d;
    }
}
