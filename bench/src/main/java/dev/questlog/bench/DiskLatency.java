package dev.questlog.bench;

import java.util.Map;

/**
 * What the server's own metrics say about the disk during one phase: fsyncs of stream {@code events} (count, mean)
 * and the requests' append-to-durable times (share above about 20 ms, from the histogram), plus the largest fsync
 * and append of the meters' recent window (Micrometer keeps a max over the last couple of minutes).
 */
record DiskLatency(double fsyncs, double fsyncMeanMillis, double fsyncMaxMillis, double appends,
                   double appendMeanMillis, double appendMaxMillis, double bucketMillis, double shareAbove) {
    private static final String FSYNC = "questlog_log_fsync_seconds";
    private static final String APPEND = "questlog_ingest_append_seconds";
    private static final String EVENTS = "{stream=\"events\"}";

    static DiskLatency between(Map<String, Double> before, Map<String, Double> after) {
        double fsyncs = delta(before, after, FSYNC + "_count" + EVENTS);
        double fsyncSum = delta(before, after, FSYNC + "_sum" + EVENTS);
        double appends = delta(before, after, APPEND + "_count");
        double appendSum = delta(before, after, APPEND + "_sum");
        // the histogram bucket closest to 20 ms from below
        double le = 0;
        String bucket = null;
        for (String k : after.keySet()) {
            if (k.startsWith(APPEND + "_bucket{le=\"") && !k.contains("+Inf")) {
                double v = Double.parseDouble(k.substring(k.indexOf('"') + 1, k.lastIndexOf('"')));
                if (v <= 0.0201 && v > le) {
                    le = v;
                    bucket = k;
                }
            }
        }
        double within = bucket == null ? Double.NaN : delta(before, after, bucket);
        return new DiskLatency(fsyncs, 1e3 * fsyncSum / Math.max(1, fsyncs),
                1e3 * after.getOrDefault(FSYNC + "_max" + EVENTS, Double.NaN), appends,
                1e3 * appendSum / Math.max(1, appends), 1e3 * after.getOrDefault(APPEND + "_max", Double.NaN),
                1e3 * le, appends == 0 ? Double.NaN : 1 - within / appends);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }
}
