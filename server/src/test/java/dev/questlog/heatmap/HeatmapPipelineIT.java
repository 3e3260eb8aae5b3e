package dev.questlog.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.sim.SimulationOptions;
import dev.questlog.sim.SimulationReport;
import dev.questlog.sim.Simulator;
import dev.questlog.sim.Target;
import dev.questlog.testkit.RunningServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated deaths through the whole pipeline (HTTP → log → lake → warehouse) and back out as a heatmap over HTTP:
 * the hottest bins must be the simulator's ground-truth hotspots, and the counts must add up to the deaths sent.
 */
class HeatmapPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningServer server;
    static JsonNode truth;

    @BeforeAll
    static void feedTheGame() throws Exception {
        server = RunningServer.start(dir.resolve("data"), Map.of("lake.batch.max_age", "1s",
                "warehouse.load.max_age", "1s", "ingest.client_rate_per_second", "0"), java.time.InstantSource.system());
        SimulationOptions options = SimulationOptions.defaults().withPlayers(60).withRate(6000).withMaxEvents(40_000)
                .withSeed(11);
        Target target = Target.of(URI.create(server.url()), server.serverKey(), server.clientKey()).withConnections(2)
                .withGzip(false);
        SimulationReport report;
        try (Simulator sim = Simulator.overHttp(options, target)) {
            sim.start();
            assertThat(sim.awaitEnd(Duration.ofMinutes(3))).isTrue();
            report = sim.stop(Duration.ofSeconds(60));
            truth = JSON.valueToTree(sim.groundTruth());
        }
        assertThat(report.pending()).isZero();
        long deaths = map("dust_valley").path("deaths").asLong();
        assertThat(deaths).isGreaterThan(200);
        awaitWarmDeaths("dust_valley", deaths);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode map(String levelId) {
        for (JsonNode m : truth.path("maps")) {
            if (m.path("level_id").asText().equals(levelId)) {
                return m;
            }
        }
        throw new AssertionError("no ground truth for " + levelId);
    }

    private static void awaitWarmDeaths(String level, long expected) throws Exception {
        String sql = "{\"sql\":\"SELECT count(*) FROM events WHERE event_type = 'player_death' AND level_id = '" + level
                + "'\"}";
        long seen = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = server.postJson("/v1/sql", server.analystKey(), sql);
            if (r.statusCode() == 200) {
                seen = JSON.readTree(r.body()).path("rows").path(0).path(0).asLong();
                if (seen >= expected) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        assertThat(seen).as("player_death events of %s in the warm tier", level).isEqualTo(expected);
    }

    private static JsonNode heatmap(String query) throws Exception {
        HttpResponse<String> r = server.get("/v1/heatmap?" + query + "&format=json", server.analystKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theHottestBinsAreTheGroundTruthHotspots() throws Exception {
        JsonNode map = map("dust_valley");
        JsonNode heat = heatmap("level=dust_valley&event_type=player_death&bins=hex&bin_size=20");
        assertThat(heat.path("total_a").asLong()).isEqualTo(map.path("deaths").asLong());
        List<JsonNode> hotspots = new ArrayList<>();
        map.path("hotspots").forEach(hotspots::add);
        // The strongest hotspot holds the hottest bin.
        JsonNode strongest = hotspots.stream().max((a, b) -> Long.compare(a.path("deaths").asLong(),
                b.path("deaths").asLong())).orElseThrow();
        JsonNode hottest = heat.path("bins").path(0);
        assertThat(distance(hottest, strongest)).isLessThan(strongest.path("radius").asDouble() + 20);
        // Every one of the hottest bins lies at some hotspot, never elsewhere.
        int top = 8;
        for (int i = 0; i < top; i++) {
            JsonNode bin = heat.path("bins").path(i);
            double nearest = hotspots.stream().mapToDouble(h -> distance(bin, h) - h.path("radius").asDouble())
                    .min().orElseThrow();
            assertThat(nearest).as("bin %d at (%s, %s) with %s deaths", i, bin.path("x"), bin.path("y"),
                    bin.path("count")).isLessThan(2 * 20);
        }
    }

    @Test
    void squareBinsAndThePngAgree() throws Exception {
        JsonNode heat = heatmap("level=dust_valley&event_type=player_death&bins=square");
        assertThat(heat.path("bins_shape").asText()).isEqualTo("square");
        assertThat(heat.path("total_a").asLong()).isEqualTo(map("dust_valley").path("deaths").asLong());
        HttpResponse<String> png = server.get("/v1/heatmap?level=dust_valley&event_type=player_death", server.analystKey());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void badParametersAreNamed() throws Exception {
        HttpResponse<String> r = server.get("/v1/heatmap?level=dust_valley&event_type=player_death&bins=round",
                server.analystKey());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("bins");
        assertThat(server.get("/v1/heatmap?event_type=player_death", server.analystKey()).body()).contains("level");
        assertThat(server.get("/v1/heatmap?level=dust_valley&event_type=player_death", server.serverKey())
                .statusCode()).isEqualTo(403);
    }

    private static double distance(JsonNode bin, JsonNode hotspot) {
        return Math.hypot(bin.path("x").asDouble() - hotspot.path("x").asDouble(),
                bin.path("y").asDouble() - hotspot.path("y").asDouble());
    }
}
