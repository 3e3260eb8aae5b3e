package dev.questlog.heatmap;

import java.awt.Color;

/**
 * Perceptually uniform colour maps. Viridis and inferno use the published 6th-degree polynomial fits of
 * matplotlib's maps (max error well under 1/255 per channel); the diverging map interpolates Moreland's
 * cool-warm anchors in CIELAB so that equal steps look equal and zero is a neutral light grey.
 */
public enum Colormap {
    VIRIDIS(new double[][] {
            {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
            {0.1050930431085774, 1.404613529898575, 1.384590162594685},
            {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
            {-4.634230498983486, -5.799100973351585, -19.33244095627987},
            {6.228269936347081, 14.17993336680509, 56.69055260068105},
            {4.776384997670288, -13.74514537774601, -65.35303263337234},
            {-5.435455855934631, 4.645852612178535, 26.3124352495832}}),
    INFERNO(new double[][] {
            {0.0002189403691192265, 0.001651004631001012, -0.01948089843709184},
            {0.1065134194856116, 0.5639564367884091, 3.932712388889277},
            {11.60249308247187, -3.972853965665698, -15.9423941062914},
            {-41.70399613139459, 17.43639888205313, 44.35414519872813},
            {77.162935699427, -33.40235894210092, -81.80730925738993},
            {-71.31942824499214, 32.62606426397723, 73.20951985803202},
            {25.13112622477341, -12.24266895238567, -23.07032500287172}}),
    /** Blue (negative) – grey (zero) – red (positive); takes t in [0, 1] with 0.5 as zero. */
    COOLWARM(null);

    private static final double[] COOL = Lab.fromRgb(59, 76, 192);
    private static final double[] MID = Lab.fromRgb(221, 221, 221);
    private static final double[] WARM = Lab.fromRgb(180, 4, 38);

    private final double[][] coefficients;

    Colormap(double[][] coefficients) {
        this.coefficients = coefficients;
    }

    /** The colour at {@code t}, clamped to [0, 1]. */
    public Color at(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t));
        if (coefficients == null) {
            double[] lab = x < 0.5 ? Lab.mix(COOL, MID, x * 2) : Lab.mix(MID, WARM, (x - 0.5) * 2);
            return Lab.toColor(lab);
        }
        float[] rgb = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            double v = 0;
            for (int k = coefficients.length - 1; k >= 0; k--) {
                v = v * x + coefficients[k][ch];
            }
            rgb[ch] = (float) Math.max(0, Math.min(1, v));
        }
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    public static Colormap parse(String name) {
        return switch (name == null ? "viridis" : name.toLowerCase(java.util.Locale.ROOT)) {
            case "viridis" -> VIRIDIS;
            case "inferno" -> INFERNO;
            default -> throw new IllegalArgumentException("colormap: must be viridis or inferno, was \"" + name + "\"");
        };
    }

    /** sRGB ↔ CIELAB (D65), just enough for interpolation. */
    static final class Lab {
        private Lab() {
        }

        static double[] fromRgb(int r, int g, int b) {
            double rl = lin(r / 255.0);
            double gl = lin(g / 255.0);
            double bl = lin(b / 255.0);
            double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
            double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
            double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
            double fx = f(x);
            double fy = f(y);
            double fz = f(z);
            return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
        }

        static Color toColor(double[] lab) {
            double fy = (lab[0] + 16) / 116;
            double fx = fy + lab[1] / 500;
            double fz = fy - lab[2] / 200;
            double x = finv(fx) * 0.95047;
            double y = finv(fy);
            double z = finv(fz) * 1.08883;
            double r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
            double g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
            double b = 0.0557 * x - 0.2040 * y + 1.0570 * z;
            return new Color(gamma(r), gamma(g), gamma(b));
        }

        static double[] mix(double[] a, double[] b, double t) {
            return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
        }

        private static double lin(double c) {
            return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }

        private static float gamma(double c) {
            double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
            return (float) Math.max(0, Math.min(1, v));
        }

        private static double f(double t) {
            return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        }

        private static double finv(double t) {
            return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) / (24389.0 / 27);
        }
    }
}
