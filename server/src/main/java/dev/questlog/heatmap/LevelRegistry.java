package dev.questlog.heatmap;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The registered levels: {@code level_id} → bounds, orientation and background. Registrations come from the
 * configuration ({@code heatmap.levels}) and, for ids not configured, from level descriptions on the classpath
 * ({@code levels/<id>.json} with {@code min_x, max_x, min_y, max_y, y_axis, image} — the simulator's maps ship
 * there). Backgrounds are loaded once and cached. Thread-safe.
 */
public final class LevelRegistry {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, Level> levels;
    private final Map<String, Optional<Level>> builtIn = new ConcurrentHashMap<>();
    private final Map<String, Optional<BufferedImage>> images = new ConcurrentHashMap<>();

    public LevelRegistry(Collection<Level> levels) {
        Map<String, Level> m = new LinkedHashMap<>();
        for (Level l : levels) {
            if (m.put(l.id(), l) != null) {
                throw new IllegalArgumentException("level " + l.id() + " is registered twice");
            }
        }
        this.levels = Map.copyOf(m);
    }

    /** The configured levels plus the classpath ones. */
    public static LevelRegistry of(dev.questlog.config.HeatmapConfig config) {
        return new LevelRegistry(config.levels().stream().map(l -> new Level(l.levelId(), l.minX(), l.maxX(), l.minY(),
                l.maxY(), l.yUp(), l.image())).toList());
    }

    public Optional<Level> find(String id) {
        Level configured = levels.get(id);
        if (configured != null) {
            return Optional.of(configured);
        }
        return ID.matcher(id).matches() ? builtIn.computeIfAbsent(id, LevelRegistry::fromClasspath) : Optional.empty();
    }

    private static Optional<Level> fromClasspath(String id) {
        try (InputStream in = LevelRegistry.class.getResourceAsStream("/levels/" + id + ".json")) {
            if (in == null) {
                return Optional.empty();
            }
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(in);
            Optional<String> image = n.hasNonNull("image")
                    ? Optional.of("classpath:levels/" + n.get("image").asText()) : Optional.empty();
            return Optional.of(new Level(id, n.path("min_x").asDouble(), n.path("max_x").asDouble(),
                    n.path("min_y").asDouble(), n.path("max_y").asDouble(), !"down".equals(n.path("y_axis").asText("up")),
                    image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read level description levels/" + id + ".json", e);
        }
    }

    public Collection<Level> all() {
        return levels.values();
    }

    /** The level's background image; a {@code classpath:} prefix reads a resource, anything else a file. */
    public Optional<BufferedImage> background(Level level) {
        return level.background().flatMap(src -> images.computeIfAbsent(src, LevelRegistry::load));
    }

    private static Optional<BufferedImage> load(String src) {
        try {
            if (src.startsWith("classpath:")) {
                try (InputStream in = LevelRegistry.class.getResourceAsStream("/" + src.substring("classpath:".length()))) {
                    return in == null ? Optional.empty() : Optional.ofNullable(ImageIO.read(in));
                }
            }
            Path p = Path.of(src);
            return Files.isRegularFile(p) ? Optional.ofNullable(ImageIO.read(p.toFile())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read level background " + src, e);
        }
    }
}
