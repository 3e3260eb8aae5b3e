package dev.questlog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * One probe event at a time into a probe app: the time from just before its POST until {@code GET /v1/live} counts
 * it, and until {@code GET /v1/search} finds it, each endpoint polled every 5 ms (so figures carry up to ~5-10 ms
 * of polling granularity, and include the POST's own durable acknowledgement).
 */
final class Probes {
    private Probes() {
    }

    static Latencies.Result run(HttpClient http, String url, String serverKey, String analystKey, int seconds)
            throws Exception {
        List<Double> live = new ArrayList<>();
        List<Double> search = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int n = 0;
        while (System.nanoTime() < end) {
            n++;
            String client = "probe-" + n + "-" + HotLiveBench.id();
            String event = "{\"event_id\":\"" + HotLiveBench.id() + "\",\"event_type\":\"probe\",\"event_timestamp\":"
                    + System.currentTimeMillis() + ",\"client_id\":\"" + client + "\"}";
            long t0 = System.nanoTime();
            HotLiveBench.post(http, url, serverKey, "[" + event + "]");
            double liveMs = -1;
            double searchMs = -1;
            long deadline = t0 + 30_000_000_000L;
            while ((liveMs < 0 || searchMs < 0) && System.nanoTime() < deadline) {
                if (liveMs < 0 && liveCount(http, url, analystKey) >= n) {
                    liveMs = (System.nanoTime() - t0) / 1e6;
                }
                if (searchMs < 0 && HotLiveBench.get(http, url + "/v1/search?limit=1&client_id="
                        + HotLiveBench.enc(client), analystKey).path("total").asLong() > 0) {
                    searchMs = (System.nanoTime() - t0) / 1e6;
                }
                Thread.sleep(5);
            }
            if (liveMs >= 0) {
                live.add(liveMs);
            }
            if (searchMs >= 0) {
                search.add(searchMs);
            }
            Thread.sleep(50);
        }
        return new Latencies.Result(n, Latencies.Stats.of(live), Latencies.Stats.of(search), 0, 0);
    }

    /** Probe events counted so far: the sum over the probe app's 1-minute windows (closed and open). */
    private static long liveCount(HttpClient http, String url, String key) throws Exception {
        JsonNode windows = HotLiveBench.get(http, url + "/v1/live?window=1m&n=1000", key).path("windows").path("1m");
        long sum = 0;
        for (JsonNode w : windows) {
            sum += w.path("events").asLong();
        }
        return sum;
    }
}
