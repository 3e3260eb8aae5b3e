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
 * configuration and from the simulator's maps (the assembly adds both). Backgrounds are loaded once and cached.
 * Thread-safe.
 */
public final class LevelRegistry {
    private final Map<String, Level> levels;
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

    public Optional<Level> find(String id) {
        return Optional.ofNullable(levels.get(id));
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
