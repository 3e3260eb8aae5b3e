package dev.questlog.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Heatmaps: the level registry and how maps are drawn.
 *
 * @param colormap colour map of count heatmaps: viridis or inferno
 * @param imagePx  the longer side of the map area of a rendered PNG, in pixels
 * @param levels   registered levels; the simulator's maps are registered besides these (classpath {@code levels/})
 */
public record HeatmapConfig(String colormap, int imagePx, List<LevelSpec> levels) {

    /**
     * One level registration.
     *
     * @param levelId the {@code level_id} events carry
     * @param yUp     true when world y grows upward in the image
     * @param image   path of the background image (PNG/JPEG), or {@code classpath:…}; empty for a neutral grid
     */
    public record LevelSpec(String levelId, double minX, double maxX, double minY, double maxY, boolean yUp,
                            Optional<String> image) {
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

        public LevelSpec {
            if (levelId == null || !ID.matcher(levelId).matches()) {
                throw new IllegalArgumentException("level_id must match [A-Za-z0-9_.-]{1,64}, was " + levelId);
            }
            if (!(maxX > minX) || !(maxY > minY)) {
                throw new IllegalArgumentException("level " + levelId + ": needs min_x < max_x and min_y < max_y");
            }
        }
    }

    static final Setting<String> COLORMAP = Setting.of("heatmap.colormap", SettingType.choice("viridis", "inferno"),
            "viridis", "Perceptually uniform colour map of count heatmaps.");
    static final Setting<Integer> IMAGE_PX = Setting.of("heatmap.image_px", SettingType.integer(200, 4000), 900,
            "Longer side of a rendered map, in pixels (the PNG adds margins for title, legend and scale bar).");
    static final Setting<List<LevelSpec>> LEVELS = Setting.of("heatmap.levels", new LevelListType(), List.of(),
            "Level registry: a list of {level_id, min_x, max_x, min_y, max_y, y_axis: up|down, image: PATH}. "
                    + "The simulator's maps are always registered; unregistered levels take bounds from the data.");

    static final List<Setting<?>> SETTINGS = List.of(COLORMAP, IMAGE_PX, LEVELS);

    public HeatmapConfig {
        levels = List.copyOf(levels);
    }

    static HeatmapConfig from(ResolvedSettings s) {
        return new HeatmapConfig(s.get(COLORMAP), s.get(IMAGE_PX), s.get(LEVELS));
    }

    /** A YAML list of level maps; in an environment variable, the same as JSON. */
    static final class LevelListType implements SettingType<List<LevelSpec>> {
        @Override
        public List<LevelSpec> parse(JsonNode node) {
            if (!node.isArray()) {
                throw new IllegalArgumentException("expected a list of levels");
            }
            List<LevelSpec> out = new ArrayList<>();
            for (JsonNode n : node) {
                out.add(level(n));
            }
            return List.copyOf(out);
        }

        private static LevelSpec level(JsonNode n) {
            if (!n.isObject()) {
                throw new IllegalArgumentException("each level must be a map");
            }
            n.fieldNames().forEachRemaining(f -> {
                if (!List.of("level_id", "min_x", "max_x", "min_y", "max_y", "y_axis", "image").contains(f)) {
                    throw new IllegalArgumentException("unknown level field '" + f + "'");
                }
            });
            String axis = n.path("y_axis").asText("up");
            if (!axis.equals("up") && !axis.equals("down")) {
                throw new IllegalArgumentException("y_axis must be up or down, was " + axis);
            }
            return new LevelSpec(n.path("level_id").asText(null), number(n, "min_x"), number(n, "max_x"),
                    number(n, "min_y"), number(n, "max_y"), axis.equals("up"),
                    n.hasNonNull("image") ? Optional.of(n.get("image").asText()) : Optional.empty());
        }

        private static double number(JsonNode n, String field) {
            if (!n.path(field).isNumber()) {
                throw new IllegalArgumentException(field + " must be a number");
            }
            return n.get(field).asDouble();
        }

        @Override
        public List<LevelSpec> parseText(String text) {
            try {
                return parse(new ObjectMapper().readTree(text));
            } catch (IOException e) {
                throw new IllegalArgumentException("not a JSON list of levels");
            }
        }

        @Override
        public String render(List<LevelSpec> value) {
            if (value.isEmpty()) {
                return "[]";
            }
            List<String> items = new ArrayList<>();
            for (LevelSpec l : value) {
                items.add("{level_id: " + l.levelId() + ", min_x: " + l.minX() + ", max_x: " + l.maxX() + ", min_y: "
                        + l.minY() + ", max_y: " + l.maxY() + ", y_axis: " + (l.yUp() ? "up" : "down")
                        + l.image().map(i -> ", image: " + i).orElse("") + "}");
            }
            return "[" + String.join(", ", items) + "]";
        }

        @Override
        public String allowed() {
            return "a list of {level_id, min_x, max_x, min_y, max_y, y_axis: up|down, image}";
        }
    }
}
