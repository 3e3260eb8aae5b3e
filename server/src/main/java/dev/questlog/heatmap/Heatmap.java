package dev.questlog.heatmap;

import java.util.Comparator;
import java.util.List;

/**
 * An aggregated heatmap, ready to render or to serialise: the level, the request, the grid and its non-empty bins.
 *
 * @param totalA events on side A (all counted events in count mode)
 * @param totalB events on side B
 */
public record Heatmap(Level level, HeatmapRequest request, BinGrid grid, List<Bin> bins, long totalA, long totalB) {
    public Heatmap {
        bins = List.copyOf(bins);
    }

    /** Builds the bins' values from raw per-bin counts. */
    static Heatmap of(Level level, HeatmapRequest request, BinGrid grid, List<long[]> rows) {
        long totalA = rows.stream().mapToLong(r -> r[2]).sum();
        long totalB = rows.stream().mapToLong(r -> r[3]).sum();
        List<Bin> bins = rows.stream().map(r -> {
            double value = switch (request.mode()) {
                case COUNT -> r[2];
                case BALANCE -> r[2] - r[3];
                case COMPARE -> share(r[2], totalA) - share(r[3], totalB);
            };
            return new Bin(r[0], r[1], grid.centerX(r[0], r[1]), grid.centerY(r[0], r[1]), r[2], r[3], value);
        }).sorted(Comparator.comparingDouble((Bin x) -> -Math.abs(x.value()))).toList();
        return new Heatmap(level, request, grid, bins, totalA, totalB);
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : (double) n / total;
    }

    /** The largest |value|: the colour scale's end. */
    public double maxMagnitude() {
        return bins.stream().mapToDouble(x -> Math.abs(x.value())).max().orElse(0);
    }
}
