package dev.questlog.sim;

import java.util.List;
import java.util.Objects;

/**
 * A simulated level: its world bounds, which way its y axis points, its geometry (for the picture) and its hotspots.
 * World coordinates are what events carry in {@code position_x}/{@code position_y}.
 *
 * @param id        the {@code level_id} events carry, e.g. {@code dust_valley}
 * @param name      for people
 * @param minX      world bounds (inclusive), world units
 * @param minY      world bounds
 * @param maxX      world bounds
 * @param maxY      world bounds
 * @param yAxis     {@link YAxis#UP} when larger y is further north (drawn higher), {@link YAxis#DOWN} for screen-like
 *                  coordinates where larger y is drawn lower
 * @param lanes     where players walk, drawn light
 * @param walls     solid blocks, drawn dark
 * @param hotspots  where deaths cluster (weights sum to 1)
 */
public record GameMap(String id, String name, double minX, double minY, double maxX, double maxY, YAxis yAxis,
                      List<Lane> lanes, List<Wall> walls, List<Hotspot> hotspots) {
    /** Which way the world's y axis points on the picture. */
    public enum YAxis { UP, DOWN }

    /** A path of points (world units) with a width (world units). */
    public record Lane(double width, List<double[]> points) {
        public Lane {
            points = List.copyOf(points);
        }
    }

    /** An axis-aligned solid block in world units. */
    public record Wall(double x0, double y0, double x1, double y1) {
        public Wall {
            if (!(x1 > x0 && y1 > y0)) {
                throw new IllegalArgumentException("wall must have x1 > x0 and y1 > y0, was " + x0 + "," + y0 + " "
                        + x1 + "," + y1);
            }
        }
    }

    public GameMap {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(yAxis, "yAxis");
        if (!(maxX > minX && maxY > minY)) {
            throw new IllegalArgumentException("map " + id + ": bounds must be non-empty, was x " + minX + ".." + maxX
                    + " y " + minY + ".." + maxY);
        }
        lanes = List.copyOf(lanes);
        walls = List.copyOf(walls);
        hotspots = List.copyOf(hotspots);
        double sum = hotspots.stream().mapToDouble(Hotspot::weight).sum();
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("map " + id + ": hotspot weights must sum to 1, was " + sum);
        }
    }

    public double width() {
        return maxX - minX;
    }

    public double height() {
        return maxY - minY;
    }

    /** Whether a point lies within the bounds. */
    public boolean contains(double x, double y) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    /** The pixel column of world {@code x} on a picture {@code widthPx} wide (may be fractional). */
    public double pixelX(double x, int widthPx) {
        return (x - minX) / width() * widthPx;
    }

    /** The pixel row of world {@code y} on a picture {@code heightPx} high, honouring the y axis's direction. */
    public double pixelY(double y, int heightPx) {
        double fromTop = yAxis == YAxis.UP ? maxY - y : y - minY;
        return fromTop / height() * heightPx;
    }
}
