package dev.questlog.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Token buckets per (client key id, client_id): each holds up to {@code burst} events and refills at
 * {@code ratePerSecond}. Idle buckets are forgotten after ten minutes and at most 100,000 are kept, so memory is
 * bounded. Thread-safe.
 */
final class ClientRateLimiter {
    private final double ratePerMilli;
    private final double burst;
    private final InstantSource clock;
    private final Cache<String, Bucket> buckets;

    ClientRateLimiter(int ratePerSecond, int burst, InstantSource clock) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.buckets = ratePerSecond == 0 ? null : Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterAccess(Duration.ofMinutes(10)).executor(Runnable::run).build();
    }

    /**
     * Takes {@code count} tokens from each client's bucket, all or nothing: when one lacks tokens, those already
     * taken are given back and false is returned.
     *
     * @param eventsByClient client_id (empty string when absent) → number of events
     */
    boolean tryAcquire(String keyId, Map<String, Integer> eventsByClient) {
        if (buckets == null) {
            return true;
        }
        long now = clock.millis();
        List<Map.Entry<Bucket, Integer>> taken = new ArrayList<>();
        for (Map.Entry<String, Integer> e : eventsByClient.entrySet()) {
            Bucket b = buckets.get(keyId + '\u0000' + e.getKey(), k -> new Bucket(burst, now));
            if (!b.tryTake(e.getValue(), now)) {
                taken.forEach(t -> t.getKey().giveBack(t.getValue()));
                return false;
            }
            taken.add(Map.entry(b, e.getValue()));
        }
        return true;
    }

    private final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastMillis = now;
        }

        synchronized boolean tryTake(int n, long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - lastMillis) * ratePerMilli);
            lastMillis = Math.max(lastMillis, now);
            if (tokens < n) {
                return false;
            }
            tokens -= n;
            return true;
        }

        synchronized void giveBack(int n) {
            tokens = Math.min(burst, tokens + n);
        }
    }
}
