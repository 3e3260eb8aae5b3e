package dev.questlog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.app.QuestLogApp;
import dev.questlog.apps.CreatedApp;
import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest → visible in {@code GET /v1/live} and ingest → found by {@code GET /v1/search}, under a steady background
 * load through {@code POST /v1/events}, on the embedded pipeline in this JVM; then search latency over days of
 * simulated history in a hot index. Writes the "## Hot and live" section of BENCHMARKS.md.
 *
 * <p>Options: {@code --rate EVENTS_PER_S} (background load, default 5000), {@code --seconds N} (probing time,
 * default 60), {@code --history-events N} (events over 7 days for the search-latency part, default 1000000),
 * {@code --out FILE}.
 */
public final class HotLiveBench {
    static final ObjectMapper JSON = new ObjectMapper();

    private HotLiveBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int rate = Integer.parseInt(opts.getOrDefault("rate", "5000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int historyEvents = Integer.parseInt(opts.getOrDefault("history-events", "1000000"));
        Path out = Path.of(opts.getOrDefault("out", "BENCHMARKS.md"));
        Path data = Files.createTempDirectory("questlog-hotlive-bench");

        Latencies.Result visibility = visibility(data.resolve("pipeline"), rate, seconds);
        System.err.println("visibility: " + visibility);
        List<HistorySearch.Row> history = HistorySearch.run(data.resolve("history"), historyEvents);
        String section = HotLiveReport.section(rate, seconds, visibility, historyEvents, history,
                String.join(" ", args).replaceAll("--out \\S+ ?", "").strip());
        BenchmarkReport.writeSection(out, "## Hot and live", section);
        System.out.println(section);
    }

    private static Latencies.Result visibility(Path data, int rate, int seconds) throws Exception {
        QuestLogConfig config = ConfigLoader.standard().load(Optional.empty(), Map.of(),
                Map.of("data_dir", data.toString(), "server.port", "0", "server.host", "127.0.0.1"));
        try (QuestLogApp app = QuestLogApp.start(config, InstantSource.system())) {
            CreatedApp game = app.apps().createApp("bench-game");
            CreatedApp probes = app.apps().createApp("bench-probe");
            String url = "http://127.0.0.1:" + app.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            Thread load = Thread.ofPlatform().name("bench-load").start(() ->
                    BackgroundLoad.run(http, url, game.server().token(), rate, running, sent));
            Thread.sleep(5_000); // warm-up under load
            long sentBefore = sent.get();
            long t0 = System.nanoTime();
            Latencies.Result probed;
            try {
                probed = Probes.run(http, url, probes.server().token(), probes.analyst().token(), seconds);
            } finally {
                running.set(false);
                load.join();
            }
            long background = sent.get() - sentBefore;
            double achieved = background / ((System.nanoTime() - t0) / 1e9);
            System.err.println("background events during probing: " + background);
            return new Latencies.Result(probed.probes(), probed.live(), probed.search(), background, achieved);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    static HttpResponse<String> post(HttpClient http, String url, String key, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/v1/events"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
