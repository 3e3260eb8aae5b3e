package dev.questlog.live;

import static dev.questlog.testkit.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.questlog.apps.CreatedApp;
import dev.questlog.testkit.RunningServer;
import dev.questlog.testkit.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live tier through HTTP: POST /v1/events → consumer group live → GET /v1/live, /v1/alerts, the SSE stream and
 * a real webhook receiver. The watermark is shared by all apps, so the tests run in order on later and later event
 * times (allowed lateness: the default 5 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private static final String ALERT_APP = "alert-game";
    private final SettableClock clock = new SettableClock(NOW);
    private final List<JsonNode> webhook = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private Path dir;
    private RunningServer s;
    private CreatedApp alertApp;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        this.dir = dir;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhook.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        s = RunningServer.start(dir, overrides(), clock);
        alertApp = s.app().apps().createApp(ALERT_APP);
    }

    private Map<String, String> overrides() {
        // Collector dedupe off, so that a duplicate reaches the stream and the live tier must count it once itself.
        return Map.of("ingest.dedupe_window", "0s", "live.alerts.webhook_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "live.alerts.rules", "[{\"name\":\"crashes\",\"metric\":\"crashes\",\"filter\":{\"app\":\""
                        + ALERT_APP + "\"},\"window\":\"10s\",\"comparison\":\">=\",\"threshold\":2,"
                        + "\"cooldown\":\"1m\"}]");
    }

    @AfterAll
    void stop() {
        s.close();
        receiver.stop(0);
    }

    private static String event(String type, long timestamp, String client, String extra) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":"
                + timestamp + ",\"client_id\":\"" + client + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private void post(String key, String... events) {
        post(key, List.of(events));
    }

    private void post(String key, List<String> events) {
        HttpResponse<String> r = s.postJson("/v1/events", key, "[" + String.join(",", events) + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("accepted").asInt()).as(r.body()).isEqualTo(events.size());
    }

    private JsonNode live(String key, String window) {
        HttpResponse<String> r = s.get("/v1/live?n=100&window=" + window, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).path("windows").path(window);
    }

    private JsonNode window(String key, String size, long start, boolean closed) {
        JsonNode all = live(key, size);
        for (JsonNode w : all) {
            if (w.path("start").asLong() == start && w.path("closed").asBoolean() == closed) {
                return w;
            }
        }
        throw new AssertionError("no " + (closed ? "closed" : "open") + " " + size + " window at " + start + " in "
                + all);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void windowsCountEveryMetricAndLateEventsOnce() {
        long base = NOW;
        String death = event("player_death", base + 2000, "p1", "\"level_id\":\"dust\"");
        post(s.serverKey(), event("session_start", base + 1000, "p1", ""), death,
                event("iap_transaction", base + 3000, "p2", "\"currency\":\"USD\",\"price\":4.99"),
                event("crash", base + 9000, "p2", "\"fps\":30"));
        // Visible while the window is still open.
        await(() -> assertThat(window(s.analystKey(), "10s", base, false).path("events").asLong()).isEqualTo(4));
        post(s.serverKey(), death); // a retried duplicate: counted once

        post(s.serverKey(), event("tick", base + 16_000, "p3", "")); // watermark base+11s: the first window closes
        JsonNode first = await(() -> window(s.analystKey(), "10s", base, true));
        assertThat(first.path("events").asLong()).isEqualTo(4);
        assertThat(first.path("players").asLong()).isEqualTo(2);
        assertThat(first.path("sessions_started").asLong()).isEqualTo(1);
        assertThat(first.path("deaths_by_level").path("dust").asLong()).isEqualTo(1);
        assertThat(first.path("purchases_by_currency").path("USD").asLong()).isEqualTo(1);
        assertThat(first.path("revenue_by_currency").path("USD").asDouble()).isCloseTo(4.99, within(1e-9));
        assertThat(first.path("crashes").asLong()).isEqualTo(1);
        assertThat(first.path("fps").path("p50").asDouble()).isEqualTo(30);

        post(s.serverKey(), event("tick", base + 3000, "p4", "")); // too late for the closed 10 s window
        post(s.serverKey(), event("tick", base + 26_000, "p3", "")); // closes [base+10s, base+20s)
        JsonNode second = await(() -> window(s.analystKey(), "10s", base + 10_000, true));
        assertThat(second.path("events").asLong()).isEqualTo(1);
        assertThat(second.path("late").asLong()).isEqualTo(1);
        assertThat(window(s.analystKey(), "10s", base, true).path("events").asLong()).isEqualTo(4);
        // The minute window is still open, so the late 10 s event counts there normally.
        assertThat(window(s.analystKey(), "1m", base, false).path("events").asLong()).isEqualTo(7);
    }

    @Test
    @Order(2)
    void distinctPlayersAreWithinTheSketchErrorBound() {
        long base = NOW + Duration.ofMinutes(5).toMillis();
        int players = 5_000;
        for (int batch = 0; batch < 10; batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                events.add(event("tick", base + (n % 9000), "player-" + (n % players), ""));
            }
            post(s.serverKey(), events);
        }
        post(s.serverKey(), event("tick", base + 20_000, "closer", ""));
        JsonNode w = await(() -> window(s.analystKey(), "10s", base, true));
        assertThat(w.path("events").asLong()).isEqualTo(10_000);
        // HLL lgK 12: 1.6% relative standard error; 3 standard errors ≈ 5%.
        assertThat(w.path("players").asDouble()).isCloseTo(players, within(players * 0.05));
    }

    @Test
    @Order(3)
    void anAlertFiresOncePerCooldownToTheWebhook() {
        long base = NOW + Duration.ofMinutes(10).toMillis();
        String key = alertApp.server().token();
        String analyst = alertApp.analyst().token();
        post(key, event("crash", base + 1000, "c1", ""), event("crash", base + 2000, "c2", ""),
                event("crash", base + 11_000, "c1", ""), event("crash", base + 12_000, "c2", ""),
                event("tick", base + 26_000, "c1", "")); // closes two windows that both cross the threshold
        await(() -> window(analyst, "10s", base + 10_000, true));
        JsonNode alerts = json(s.get("/v1/alerts", analyst).body()).path("alerts");
        assertThat(alerts).hasSize(1); // the second window was within the cooldown
        assertThat(alerts.get(0).path("window_start").asLong()).isEqualTo(base);

        clock.advance(Duration.ofMinutes(2));
        post(key, event("crash", base + 31_000, "c1", ""), event("crash", base + 32_000, "c1", ""),
                event("tick", base + 46_000, "c1", ""));
        await(() -> assertThat(json(s.get("/v1/alerts", analyst).body()).path("alerts")).hasSize(2));

        await(() -> assertThat(webhook).hasSize(2));
        assertThat(webhook).extracting(a -> a.path("window_start").asLong())
                .containsExactlyInAnyOrder(base, base + 30_000);
        assertThat(webhook).allMatch(a -> a.path("app").asText().equals(ALERT_APP)
                && a.path("rule").asText().equals("crashes") && a.path("value").asDouble() == 2);
        // Scoped: the other app's key sees none of them.
        assertThat(json(s.get("/v1/alerts", s.analystKey()).body()).path("alerts")).isEmpty();
    }

    @Test
    @Order(4)
    void theStreamSendsOpenWindows() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.url() + "/v1/live/stream"))
                .header("Authorization", "Bearer " + s.analystKey()).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        try (Stream<String> lines = response.body()) {
            assertThat(lines.limit(50).anyMatch(l -> l.startsWith("event: open") || l.startsWith("event:open")))
                    .isTrue();
        }
    }

    @Test
    @Order(5)
    void closedWindowsSurviveARestartInTheWarmEngine() {
        s.close();
        s = RunningServer.start(dir, overrides(), clock);
        JsonNode first = window(s.analystKey(), "10s", NOW, true);
        assertThat(first.path("events").asLong()).isEqualTo(4);
        assertThat(first.path("players").asLong()).isEqualTo(2);
        assertThat(first.path("revenue_by_currency").path("USD").asDouble()).isCloseTo(4.99, within(1e-9));
        // This process runs the warehouse, so the windows are in live_metrics, not in NDJSON files.
        assertThat(dir.resolve("live")).doesNotExist();
    }

    @Test
    @Order(6)
    void analystsQueryLiveMetricsWithSqlScopedToTheirApp() {
        JsonNode r = sql(s.analystKey(), "SELECT window_size, events, active_players, sessions_started, deaths, "
                + "purchases, crashes, late, fps_p50 FROM live_metrics WHERE window_start = TIMESTAMP "
                + "'2026-03-10 12:00:00' ORDER BY window_size");
        assertThat(r.path("rows")).hasSize(2);
        JsonNode tenSeconds = r.path("rows").get(0);
        assertThat(tenSeconds.get(0).asText()).isEqualTo("10s");
        assertThat(List.of(tenSeconds.get(1).asLong(), tenSeconds.get(2).asLong(), tenSeconds.get(3).asLong(),
                tenSeconds.get(4).asLong(), tenSeconds.get(5).asLong(), tenSeconds.get(6).asLong(),
                tenSeconds.get(7).asLong())).containsExactly(4L, 2L, 1L, 1L, 1L, 1L, 0L);
        assertThat(tenSeconds.get(8).asDouble()).isEqualTo(30);
        assertThat(r.path("rows").get(1).get(0).asText()).isEqualTo("1m");

        JsonNode apps = sql(s.analystKey(), "SELECT DISTINCT app FROM live_metrics");
        assertThat(apps.path("rows")).hasSize(1);
        assertThat(apps.path("rows").get(0).get(0).asText()).isNotEqualTo(ALERT_APP);
        JsonNode alertWindows = sql(alertApp.analyst().token(), "SELECT DISTINCT app FROM live_metrics");
        assertThat(alertWindows.path("rows")).hasSize(1);
        assertThat(alertWindows.path("rows").get(0).get(0).asText()).isEqualTo(ALERT_APP);
    }

    private JsonNode sql(String key, String sql) {
        HttpResponse<String> r = s.postJson("/v1/sql", key, JSON.createObjectNode().put("sql", sql).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }
}
