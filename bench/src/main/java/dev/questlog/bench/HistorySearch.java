package dev.questlog.bench;

import dev.questlog.config.HotConfig;
import dev.questlog.hot.HotIndex;
import dev.questlog.hot.SearchRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Search latency over 7 days of simulated history: fills a hot index (one Lucene index per day) directly, then
 * times typical searches through {@link HotIndex#search} in this JVM (no HTTP).
 */
final class HistorySearch {
    private static final int PLAYERS = 20_000;
    private static final int RUNS = 200;
    private static final String[] TYPES = {"player_death", "player_death", "client_perf", "client_perf",
            "item_purchase", "match_start", "session_start", "kill", "level_started", "crash"};
    private static final String[] WEAPONS = {"rifle", "smg", "shotgun", "sniper", "pistol"};

    private HistorySearch() {
    }

    /** One timed search. */
    record Row(String search, Latencies.Stats stats, double avgHits) {
    }

    /** Index figures go first as pseudo-rows: events/s while indexing and bytes on disk. */
    static List<Row> run(Path dir, int events) throws IOException {
        long now = System.currentTimeMillis();
        List<Row> rows = new ArrayList<>();
        try (HotIndex index = HotIndex.open(HotConfig.defaults(), dir, InstantSource.system())) {
            long t0 = System.nanoTime();
            fill(index, events, now);
            index.commit();
            index.refresh();
            double seconds = (System.nanoTime() - t0) / 1e9;
            rows.add(new Row("index " + events + " events (" + index.days().size() + " day indexes): "
                    + String.format(java.util.Locale.ROOT, "%,.0f events/s, %.1f MiB on disk", events / seconds,
                    size(dir) / 1048576.0), null, 0));
            SplittableRandom rng = new SplittableRandom(7);
            rows.add(time("a player's newest 50 events (client_id)", index, r -> request(
                    "player-" + r.nextInt(PLAYERS), null, null, null, null, 50), rng));
            rows.add(time("newest 20 crashes (event_type) + facets", index, r -> request(null, "crash", null, null,
                    null, 20), rng));
            rows.add(time("free text q=\"IllegalStateException physics\"", index, r -> request(null, null, null, null,
                    "IllegalStateException physics", 20), rng));
            rows.add(time("deaths on a level with a weapon, last 24 h (4 filters)", index, r -> new SearchRequest(
                    "bench", List.of("player_death"), null, null, "map_" + r.nextInt(3), null,
                    now - Duration.ofHours(24).toMillis(), null, Map.of("weapon", WEAPONS[r.nextInt(5)]), null, 20,
                    0, null), rng));
            rows.add(time("all events, newest 100, page 1 of everything", index, r -> request(null, null, null, null,
                    null, 100), rng));
        }
        return rows;
    }

    private static SearchRequest request(String client, String type, String level, String weapon, String q,
                                         int limit) {
        return new SearchRequest("bench", type == null ? List.of() : List.of(type), client, null, level, null, null,
                null, weapon == null ? Map.of() : Map.of("weapon", weapon), q, limit, 0, null);
    }

    private static Row time(String name, HotIndex index, Function<SplittableRandom, SearchRequest> make,
                            SplittableRandom rng) {
        for (int i = 0; i < 20; i++) {
            index.search(make.apply(rng)); // warm-up
        }
        List<Double> ms = new ArrayList<>();
        long hits = 0;
        for (int i = 0; i < RUNS; i++) {
            SearchRequest r = make.apply(rng);
            long t0 = System.nanoTime();
            hits += index.search(r).total();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return new Row(name, Latencies.Stats.of(ms), (double) hits / RUNS);
    }

    private static void fill(HotIndex index, int events, long now) {
        SplittableRandom rng = new SplittableRandom(1);
        long span = Duration.ofDays(7).toMillis() - Duration.ofHours(1).toMillis();
        List<byte[]> batch = new ArrayList<>(10_000);
        for (int i = 0; i < events; i++) {
            long t = now - span + (long) ((double) i / events * span);
            batch.add(stored(rng, t).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 10_000) {
                index.index(batch);
                batch.clear();
            }
        }
        index.index(batch);
    }

    private static String stored(SplittableRandom rng, long t) {
        String type = TYPES[rng.nextInt(TYPES.length)];
        int player = rng.nextInt(PLAYERS);
        String extra = switch (type) {
            case "crash" -> ",\"signal\":\"SIGSEGV\",\"stack_trace\":\"java.lang.IllegalStateException: null\\n\\tat "
                    + "game.Physics.step(Physics.java:" + rng.nextInt(400) + ")\\n\\tat game.Loop.tick(Loop.java:88)\"";
            case "player_death" -> ",\"weapon\":\"" + WEAPONS[rng.nextInt(5)] + "\",\"killer_id\":\"player-"
                    + rng.nextInt(PLAYERS) + "\",\"position_x\":" + rng.nextInt(1000) + ",\"position_y\":"
                    + rng.nextInt(1000);
            case "client_perf" -> ",\"fps\":" + (30 + rng.nextInt(110)) + ",\"memory_mb\":" + (900 + rng.nextInt(900));
            case "item_purchase" -> ",\"item\":\"medkit\",\"price\":" + (50 + rng.nextInt(10) * 25)
                    + ",\"currency\":\"gold\"";
            default -> ",\"mode\":\"team_deathmatch\"";
        };
        return "{\"app\":\"bench\",\"received_at\":" + t + ",\"trust\":\"server\",\"key_id\":\"k\",\"event_time\":" + t
                + ",\"event\":{\"event_id\":\"" + HotLiveBench.id() + "\",\"event_type\":\"" + type
                + "\",\"event_timestamp\":" + t + ",\"client_id\":\"player-" + player + "\",\"session_id\":\"s-"
                + player + "-" + (t / 3_600_000) + "\",\"level_id\":\"map_" + rng.nextInt(3)
                + "\",\"app_version\":\"1.4.2\"" + extra + "}}";
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
