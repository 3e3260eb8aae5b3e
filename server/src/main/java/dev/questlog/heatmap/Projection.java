package dev.questlog.heatmap;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;

/**
 * Maps world coordinates of a level onto the pixels of the map area of an image (and back), honouring the level's
 * y orientation: with {@code yUp}, world maxY is the top edge; otherwise world minY is. Immutable.
 *
 * @param level  the level's bounds and orientation
 * @param left   x of the map area's left edge, in pixels
 * @param top    y of the map area's top edge, in pixels
 * @param width  map area width in pixels
 * @param height map area height in pixels
 */
public record Projection(Level level, int left, int top, int width, int height) {

    public Point2D.Double toPixel(double x, double y) {
        double px = left + (x - level.minX()) / level.width() * width;
        double fy = (y - level.minY()) / level.height();
        double py = top + (level.yUp() ? 1 - fy : fy) * height;
        return new Point2D.Double(px, py);
    }

    /** The world → pixel transform for shapes drawn in world coordinates. */
    public AffineTransform transform() {
        double sx = width / level.width();
        double sy = height / level.height();
        AffineTransform t = new AffineTransform();
        if (level.yUp()) {
            t.translate(left - level.minX() * sx, top + level.maxY() * sy);
            t.scale(sx, -sy);
        } else {
            t.translate(left - level.minX() * sx, top - level.minY() * sy);
            t.scale(sx, sy);
        }
        return t;
    }

    /** Pixels per world unit along x. */
    public double pixelsPerUnit() {
        return width / level.width();
    }
}
