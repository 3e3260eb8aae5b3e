package dev.questlog.sim;

import java.util.Objects;

/**
 * A place on a map where fights end (a choke point): deaths are drawn around it from a normal distribution.
 *
 * @param name   e.g. {@code mid_bridge}
 * @param x      centre, world units
 * @param y      centre, world units
 * @param radius world units; the spread (standard deviation) of deaths is half of it
 * @param weight share of the map's hotspot deaths that happen here (the weights of a map sum to 1)
 */
public record Hotspot(String name, double x, double y, double radius, double weight) {
    public Hotspot {
        Objects.requireNonNull(name, "name");
        if (!(radius > 0)) {
            throw new IllegalArgumentException("hotspot radius must be positive, was " + radius);
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("hotspot weight must be in (0, 1], was " + weight);
        }
    }
}
