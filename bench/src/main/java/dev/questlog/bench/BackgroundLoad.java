package dev.questlog.bench;

import java.net.http.HttpClient;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of gameplay-like events (~250 bytes each; mostly combat hits, which the hot tier drops, plus
 * deaths, perf samples, purchases and rare crashes) POSTed in batches every 20 ms at a fixed rate.
 */
final class BackgroundLoad {
    private static final String[] TYPES = {"combat_hit", "combat_hit", "combat_hit", "combat_hit", "combat_hit",
            "combat_hit", "client_perf", "player_death", "item_purchase", "crash"};

    private BackgroundLoad() {
    }

    static void run(HttpClient http, String url, String key, int rate, AtomicBoolean running, AtomicLong sent) {
        SplittableRandom rng = new SplittableRandom(42);
        int perBatch = Math.max(1, rate / 50);
        long next = System.nanoTime();
        while (running.get()) {
            StringJoiner body = new StringJoiner(",", "[", "]");
            long now = System.currentTimeMillis();
            for (int i = 0; i < perBatch; i++) {
                body.add(event(rng, now));
            }
            try {
                HotLiveBench.post(http, url, key, body.toString());
                sent.addAndGet(perBatch);
            } catch (Exception e) {
                System.err.println("background load: " + e);
            }
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static String event(SplittableRandom rng, long now) {
        String type = TYPES[rng.nextInt(TYPES.length)];
        int player = rng.nextInt(2000);
        return "{\"event_id\":\"" + HotLiveBench.id() + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":" + now
                + ",\"client_id\":\"player-" + player + "\",\"session_id\":\"s-" + player + "\",\"level_id\":\"map_"
                + rng.nextInt(3) + "\",\"app_version\":\"1.4.2\",\"position_x\":" + rng.nextInt(1000) + "."
                + rng.nextInt(100) + ",\"position_y\":" + rng.nextInt(1000) + ",\"weapon\":\"rifle\",\"fps\":"
                + (30 + rng.nextInt(110)) + ",\"price\":50,\"currency\":\"gold\"}";
    }
}
