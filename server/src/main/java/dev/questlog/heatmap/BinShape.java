package dev.questlog.heatmap;

import java.util.Locale;

/** How the level is cut into bins. */
public enum BinShape {
    /** Pointy-top hexagons; the bin size is the hexagon's circumradius in world units. */
    HEX,
    /** Axis-aligned squares; the bin size is the side in world units. */
    SQUARE;

    public static BinShape parse(String s) {
        return switch (s == null ? "hex" : s.toLowerCase(Locale.ROOT)) {
            case "hex" -> HEX;
            case "square" -> SQUARE;
            default -> throw new IllegalArgumentException("bins: must be hex or square, was \"" + s + "\"");
        };
    }
}
