package dev.questlog.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.questlog.config.AlertRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertsTest {
    private static final long T0 = 1_773_144_000_000L;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochMilli(T0));
    private final InstantSource clock = now::get;
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private static WindowSnapshot window(String app, long start, long crashes) {
        return new WindowSnapshot(app, "1m", start, start + 60_000, true, crashes, Map.of("crash", crashes), 1, 0,
                Map.of(), Map.of(), Map.of(), crashes, Map.of(), 0);
    }

    @Test
    void firesOncePerCooldownPerAppAndPostsToTheWebhook() throws Exception {
        AlertRule rule = new AlertRule("crash_spike", "crashes", Map.of(), Duration.ofMinutes(1),
                AlertRule.Comparison.GT, 10, Duration.ofMinutes(5));
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Alerts alerts = new Alerts(List.of(rule), url, clock, new SimpleMeterRegistry());

        assertThat(alerts.evaluate(List.of(window("game", T0, 3)))).isEmpty();
        assertThat(alerts.evaluate(List.of(window("game", T0 + 60_000, 12)))).hasSize(1);
        now.set(now.get().plusSeconds(60));
        assertThat(alerts.evaluate(List.of(window("game", T0 + 120_000, 15)))).isEmpty(); // cooling down
        assertThat(alerts.evaluate(List.of(window("other", T0 + 120_000, 15)))).hasSize(1); // per app
        now.set(now.get().plusSeconds(300));
        assertThat(alerts.evaluate(List.of(window("game", T0 + 180_000, 20)))).hasSize(1);

        List<JsonNode> posts = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode post = received.poll(10, TimeUnit.SECONDS);
            assertThat(post).as("webhook post %d", i).isNotNull();
            posts.add(post);
        }
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        // Deliveries are asynchronous, so their order is not fixed.
        assertThat(posts).extracting(p -> p.path("app").asText() + "@" + p.path("window_start").asLong() + "="
                        + p.path("value").asInt())
                .containsExactlyInAnyOrder("game@" + (T0 + 60_000) + "=12", "other@" + (T0 + 120_000) + "=15",
                        "game@" + (T0 + 180_000) + "=20");
        assertThat(posts).allMatch(p -> p.path("rule").asText().equals("crash_spike")
                && p.path("metric").asText().equals("crashes") && p.path("comparison").asText().equals(">"));
        assertThat(alerts.recent("game")).extracting(FiredAlert::value).containsExactly(20.0, 12.0);
    }

    @Test
    void rulesWatchOnlyTheirWindowSizeAppAndFilter() {
        AlertRule deaths = new AlertRule("dust_deaths", "deaths", Map.of("level", "dust", "app", "game"),
                Duration.ofSeconds(10), AlertRule.Comparison.GTE, 2, Duration.ZERO);
        Alerts alerts = new Alerts(List.of(deaths), "", clock, new SimpleMeterRegistry());
        WindowSnapshot tenSeconds = new WindowSnapshot("game", "10s", T0, T0 + 10_000, true, 3, Map.of(), 1, 0,
                Map.of("dust", 2L, "ice", 5L), Map.of(), Map.of(), 0, Map.of(), 0);
        WindowSnapshot minute = new WindowSnapshot("game", "1m", T0, T0 + 60_000, true, 3, Map.of(), 1, 0,
                Map.of("dust", 2L), Map.of(), Map.of(), 0, Map.of(), 0);
        WindowSnapshot otherApp = new WindowSnapshot("x", "10s", T0, T0 + 10_000, true, 3, Map.of(), 1, 0,
                Map.of("dust", 9L), Map.of(), Map.of(), 0, Map.of(), 0);
        WindowSnapshot fewDust = new WindowSnapshot("game", "10s", T0, T0 + 10_000, true, 3, Map.of(), 1, 0,
                Map.of("dust", 1L, "ice", 5L), Map.of(), Map.of(), 0, Map.of(), 0);

        assertThat(alerts.evaluate(List.of(minute, otherApp, fewDust))).isEmpty();
        assertThat(alerts.evaluate(List.of(tenSeconds))).singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(2));
    }
}
