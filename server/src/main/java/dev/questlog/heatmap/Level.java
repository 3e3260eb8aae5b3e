package dev.questlog.heatmap;

import java.util.Objects;
import java.util.Optional;

/**
 * A level (map) as the heatmap sees it: its world bounds, its background image, and how world y maps to the image.
 *
 * @param id         the {@code level_id} events carry
 * @param minX       world x at the image's left edge
 * @param maxX       world x at the image's right edge
 * @param minY       lowest world y shown
 * @param maxY       highest world y shown
 * @param yUp        true when world y grows upward in the image (maxY at the top edge); false when it grows downward
 * @param background classpath resource or file path of the background image; empty draws a neutral grid
 */
public record Level(String id, double minX, double maxX, double minY, double maxY, boolean yUp,
                    Optional<String> background) {
    public Level {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(background, "background");
        if (!(maxX > minX) || !(maxY > minY) || !Double.isFinite(maxX - minX) || !Double.isFinite(maxY - minY)) {
            throw new IllegalArgumentException("level " + id + ": bounds must satisfy minX < maxX and minY < maxY, were x ["
                    + minX + ", " + maxX + "], y [" + minY + ", " + maxY + "]");
        }
    }

    public double width() {
        return maxX - minX;
    }

    public double height() {
        return maxY - minY;
    }
}
