package dev.questlog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.Eventually;
import dev.questlog.testkit.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation on one real server with two apps: app A's keys can neither write into nor read (SQL, search,
 * heatmap, live, failed events) app B's data, also when they try to name B or reach its files; a revoked key is
 * refused at once; admin endpoints refuse every non-admin key.
 */
@Tag("e2e")
class IsolationIT {
    private static final String B = "other-game";
    private static final String B_CLIENT = "b-secret-client";
    private static final int B_EVENTS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneAppsKeysCannotTouchAnotherAppsData() throws Exception {
        try (RunningServer s = RunningServer.start(dir, Map.of("lake.batch.max_age", "1s",
                "warehouse.load.max_age", "1s", "ingest.client_rate_per_second", "0"), InstantSource.system())) {
            JsonNode b = json(s.postJson("/v1/admin/apps", s.adminKey(), "{\"name\":\"" + B + "\"}"), 201);
            String bServer = b.path("server_key").asText();
            String bAnalyst = b.path("analyst_key").asText();

            List<String> bIds = new ArrayList<>();
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < B_EVENTS; i++) {
                String id = UUID.randomUUID().toString();
                bIds.add(id);
                batch.append(i > 0 ? "," : "").append(RunningServer.event(id, "b_death", B_CLIENT,
                        "\"level_id\":\"b-level\",\"position_x\":" + (10 + i) + ",\"position_y\":20"));
            }
            assertThat(s.postJson("/v1/events", bServer, batch.append(']').toString()).statusCode()).isEqualTo(200);
            assertThat(s.postJson("/v1/events", bServer, "[{\"event_id\":\"" + UUID.randomUUID()
                    + "\",\"event_type\":\"b_death\",\"client_id\":\"b-failed-marker\"}]").statusCode()).isEqualTo(400);

            // A's keys cannot write into B: naming B's app is rejected (A's own failed events then hold it), and what
            // A writes lands in A.
            for (String aKey : List.of(s.serverKey(), s.clientKey())) {
                HttpResponse<String> r = s.postJson("/v1/events", aKey, "[" + RunningServer.event("a_attempt", "a-attempt",
                        "\"app_name\":\"" + B + "\",\"level_id\":\"b-level\",\"position_x\":1,\"position_y\":1") + "]");
                assertThat(r.statusCode()).as("A's key writing as app B: %s", r.body()).isEqualTo(400);
            }
            assertThat(s.postJson("/v1/events", s.analystKey(), "[" + RunningServer.event("a_attempt", "a-attempt", null)
                    + "]").statusCode()).as("an analyst key cannot write").isIn(401, 403);
            String aId = UUID.randomUUID().toString();
            assertThat(s.postJson("/v1/events", s.serverKey(), "[" + RunningServer.event(aId, "a_death", "a-client",
                    "\"level_id\":\"b-level\",\"position_x\":1,\"position_y\":1") + "]").statusCode()).isEqualTo(200);

            // B sees its own data in every tier (so the negative checks below are not vacuous).
            Eventually.await(() -> assertThat(sql(s, bAnalyst, "SELECT count(*) FROM events").path("rows").get(0).get(0)
                    .asLong()).isEqualTo(B_EVENTS));
            awaitLong(() -> sql(s, s.analystKey(), "SELECT count(*) FROM events").path("rows").get(0).get(0).asLong(), 1);
            Eventually.await(() -> assertThat(json(s.get("/v1/search?client_id=" + B_CLIENT, bAnalyst), 200)
                    .path("total").asLong()).isEqualTo(B_EVENTS));
            assertThat(json(s.get("/v1/heatmap?level=b-level&event_type=b_death&format=json", bAnalyst), 200)
                    .path("total_a").asLong()).isEqualTo(B_EVENTS);
            Eventually.await(() -> assertThat(s.get("/v1/live", bAnalyst).body()).contains("b_death"));
            Eventually.await(() -> assertThat(s.get("/v1/failed", bAnalyst).body()).contains("b-failed-marker"));

            String a = s.analystKey();
            assertThat(sql(s, a, "SELECT event_id FROM events").path("rows").toString()).contains(aId)
                    .doesNotContain(bIds.get(0));
            for (String attempt : List.of("SELECT count(*) FROM events WHERE app = '" + B + "'",
                    "SELECT count(*) FROM events WHERE client_id = '" + B_CLIENT + "'",
                    "SELECT * FROM read_parquet('" + dir.resolve("lake").toAbsolutePath() + "/**/*.parquet')",
                    "SELECT * FROM '" + dir.resolve("lake").toAbsolutePath() + "/events/app=" + B + "/**/*.parquet'",
                    "SELECT table_schema, table_name FROM information_schema.tables",
                    "SELECT * FROM main.events", "SELECT * FROM events_all", "ATTACH '" + dir + "/x.db' AS x",
                    "SELECT * FROM events; SELECT * FROM main.events")) {
                HttpResponse<String> r = s.postJson("/v1/sql", a, JSON.writeValueAsString(Map.of("sql", attempt)));
                assertThat(r.statusCode()).as("SQL %s", attempt).isLessThan(500);
                assertThat(r.body()).as("SQL %s", attempt).doesNotContain(B_CLIENT).doesNotContain(bIds.get(0));
                if (r.statusCode() == 200 && attempt.startsWith("SELECT count(*)")) {
                    assertThat(JSON.readTree(r.body()).path("rows").get(0).get(0).asLong()).isZero();
                }
            }
            for (String path : List.of("/v1/search?client_id=" + B_CLIENT, "/v1/search?app=" + B + "&client_id="
                    + B_CLIENT, "/v1/search?q=b_death", "/v1/live", "/v1/live?app=" + B, "/v1/alerts",
                    "/v1/failed", "/v1/failed?app=" + B)) {
                HttpResponse<String> r = s.get(path, a);
                assertThat(r.statusCode()).as(path).isLessThan(500);
                assertThat(r.body()).as(path).doesNotContain(B_CLIENT).doesNotContain("b_death")
                        .doesNotContain("b-failed-marker");
            }
            for (String path : List.of("/v1/heatmap?level=b-level&event_type=b_death&format=json",
                    "/v1/heatmap?level=b-level&event_type=b_death&format=json&app=" + B)) {
                assertThat(json(s.get(path, a), 200).path("total_a").asLong()).as(path).isZero();
            }
            for (String key : List.of(s.serverKey(), s.clientKey())) {
                for (String path : List.of("/v1/search?client_id=x", "/v1/heatmap?level=b-level&format=json",
                        "/v1/live")) {
                    assertThat(s.get(path, key).statusCode()).as("producer key reading %s", path).isIn(401, 403);
                }
            }

            revokedKeysAreRefusedAtOnce(s);
            adminEndpointsRefuseNonAdminKeys(s, List.of(s.serverKey(), s.clientKey(), s.analystKey(), bServer,
                    bAnalyst));
        }
    }

    private static void revokedKeysAreRefusedAtOnce(RunningServer s) throws IOException {
        for (String kind : List.of("server", "analyst")) {
            JsonNode created = json(s.postJson("/v1/admin/keys", s.adminKey(),
                    "{\"app\":\"" + RunningServer.APP + "\",\"kind\":\"" + kind + "\"}"), 201);
            String key = created.path("key").asText();
            assertThat(use(s, kind, key).statusCode()).as("fresh %s key works", kind).isEqualTo(200);
            json(s.send("DELETE", "/v1/admin/keys/" + created.path("key_id").asText(), s.adminKey(), null, Map.of()), 200);
            HttpResponse<String> r = use(s, kind, key);
            assertThat(r.statusCode()).as("revoked %s key, right after the revocation", kind).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank();
        }
    }

    private static HttpResponse<String> use(RunningServer s, String kind, String key) {
        return kind.equals("server") ? s.postJson("/v1/events", key, "[" + RunningServer.event("x", "c", null) + "]")
                : s.postJson("/v1/sql", key, "{\"sql\":\"SELECT 1\"}");
    }

    private static void adminEndpointsRefuseNonAdminKeys(RunningServer s, List<String> keys) throws IOException {
        List<String[]> endpoints = List.of(new String[] {"POST", "/v1/admin/apps", "{\"name\":\"evil\"}"},
                new String[] {"GET", "/v1/admin/apps", null},
                new String[] {"POST", "/v1/admin/keys", "{\"app\":\"" + B + "\",\"kind\":\"analyst\"}"},
                new String[] {"POST", "/v1/admin/keys", "{\"kind\":\"admin\"}"},
                new String[] {"DELETE", "/v1/admin/keys/anything", null},
                new String[] {"PUT", "/v1/schemas/b_death", "{\"type\":\"object\"}"});
        List<String> withNone = new ArrayList<>(keys);
        withNone.add(null);
        withNone.add("not-a-key");
        for (String key : withNone) {
            for (String[] e : endpoints) {
                HttpResponse<String> r = s.send(e[0], e[1], key, e[2] == null ? null : e[2].getBytes(),
                        Map.of("Content-Type", "application/json"));
                assertThat(r.statusCode()).as("%s %s with a non-admin key", e[0], e[1]).isIn(401, 403);
                assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank();
            }
        }
        assertThat(json(s.get("/v1/admin/apps", s.adminKey()), 200).toString()).doesNotContain("evil");
    }

    private static JsonNode sql(RunningServer s, String key, String sql) {
        try {
            return json(s.postJson("/v1/sql", key, JSON.writeValueAsString(Map.of("sql", sql))), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as("status of %s: %s", r.uri(), r.body()).isEqualTo(status);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLong(java.util.function.LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(value.getAsLong()).isEqualTo(expected);
    }
}
