package dev.questlog.heatmap;

import java.awt.geom.Path2D;

/**
 * The geometry of a bin grid anchored at the level's (minX, minY) corner: bin index → centre and outline in world
 * units. Immutable.
 *
 * <p>Hexagons are pointy-top in axial coordinates (q, r) with circumradius {@code size}: centre
 * {@code x = size·√3·(q + r/2)}, {@code y = size·3/2·r}. Squares use (i, j) = floor of the offset / size.
 */
public record BinGrid(BinShape shape, double size, double originX, double originY) {
    static final double SQRT3 = Math.sqrt(3);

    public BinGrid {
        if (!(size > 0)) {
            throw new IllegalArgumentException("bin size must be > 0, was " + size);
        }
    }

    /** The bin size chosen when none is asked for: about 48 bins across the level. */
    public static double autoSize(BinShape shape, Level level) {
        double across = 48;
        return shape == BinShape.SQUARE ? level.width() / across : level.width() / (across * SQRT3);
    }

    public double centerX(long a, long b) {
        return originX + (shape == BinShape.HEX ? size * SQRT3 * (a + b / 2.0) : (a + 0.5) * size);
    }

    public double centerY(long a, long b) {
        return originY + (shape == BinShape.HEX ? size * 1.5 * b : (b + 0.5) * size);
    }

    /** The bin that contains a world point (the same rounding the SQL does), as {a, b}. */
    public long[] binOf(double x, double y) {
        double ux = (x - originX) / size;
        double uy = (y - originY) / size;
        if (shape == BinShape.SQUARE) {
            return new long[] {(long) Math.floor(ux), (long) Math.floor(uy)};
        }
        double qf = SQRT3 / 3 * ux - uy / 3;
        double rf = 2.0 / 3 * uy;
        double sf = -qf - rf;
        double rq = Math.round(qf);
        double rr = Math.round(rf);
        double rs = Math.round(sf);
        double dq = Math.abs(rq - qf);
        double dr = Math.abs(rr - rf);
        double ds = Math.abs(rs - sf);
        if (dq > dr && dq > ds) {
            rq = -rr - rs;
        } else if (dr > ds) {
            rr = -rq - rs;
        }
        return new long[] {(long) rq, (long) rr};
    }

    /** The bin's outline in world coordinates. */
    public Path2D.Double outline(long a, long b) {
        double cx = centerX(a, b);
        double cy = centerY(a, b);
        Path2D.Double p = new Path2D.Double();
        if (shape == BinShape.SQUARE) {
            double h = size / 2;
            p.moveTo(cx - h, cy - h);
            p.lineTo(cx + h, cy - h);
            p.lineTo(cx + h, cy + h);
            p.lineTo(cx - h, cy + h);
        } else {
            for (int k = 0; k < 6; k++) {
                double angle = Math.toRadians(60 * k - 30);
                double x = cx + size * Math.cos(angle);
                double y = cy + size * Math.sin(angle);
                if (k == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
        }
        p.closePath();
        return p;
    }
}
