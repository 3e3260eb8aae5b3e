package dev.questlog.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles of a list of latencies in milliseconds. */
final class Latencies {
    private Latencies() {
    }

    /** Ingest → visible latencies of the live and the hot tier. */
    record Result(int probes, Stats live, Stats search, long backgroundEvents, double backgroundRate) {
    }

    record Stats(int n, double p50, double p99, double max) {
        static Stats of(List<Double> millis) {
            double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Stats(v.length, at(v, 0.50), at(v, 0.99), v[v.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d p50=%.1f p99=%.1f max=%.1f ms", n, p50, p99, max);
        }
    }

    static double[] sorted(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
