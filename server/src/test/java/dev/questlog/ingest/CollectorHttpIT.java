package dev.questlog.ingest;

import static dev.questlog.testkit.RunningServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.event.StoredEvent;
import dev.questlog.event.Trust;
import dev.questlog.log.ReadRecord;
import dev.questlog.testkit.RunningServer;
import dev.questlog.testkit.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/events through the real server: what a producer sees, and what lands in the streams. */
class CollectorHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static RunningServer s;

    @BeforeAll
    static void start() {
        s = RunningServer.start(dir, Map.of("ingest.max_body_bytes", "256KiB", "ingest.max_events_per_request", "100",
                "ingest.client_rate_per_second", "1", "ingest.client_rate_burst", "50"), InstantSource.system());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> post(String key, String body) {
        return s.postJson("/v1/events", key, body);
    }

    private static HttpResponse<String> post(String key, byte[] body, Map<String, String> headers) {
        return s.send("POST", "/v1/events", key, body, headers);
    }

    private static List<StoredEvent> stored() {
        return StreamReader.readAll(s.app().eventLog(), Collector.EVENTS).stream()
                .map(r -> StoredEvent.decode(r.value())).toList();
    }

    private static List<FailedEvent> failed() {
        return StreamReader.readAll(s.app().eventLog(), FailedEvent.STREAM).stream()
                .map(r -> FailedEvent.fromJson(r.value())).toList();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aPartialBatchAcceptsTheValidEventsAndNamesTheRejectedOnes() throws Exception {
        String a = id();
        String c = id();
        String body = "[" + event(a, "player_death", "p1", "\"level_id\":\"m1\",\"position_x\":1.5") + ","
                + "{\"event_id\":\"not-a-uuid\",\"event_type\":\"x\",\"event_timestamp\":1}" + ","
                + event(c, "login", "p2", "\"odd\":{\"kept\":[1,2.50]}") + "]";
        HttpResponse<String> r = post(s.serverKey(), body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.get("accepted").asInt()).isEqualTo(2);
        assertThat(j.get("rejected")).hasSize(1);
        assertThat(j.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(j.get("rejected").get(0).get("reason").asText()).contains("event_id");

        Map<String, StoredEvent> byId = stored().stream()
                .collect(Collectors.toMap(e -> e.event().eventId(), e -> e, (x, y) -> x));
        StoredEvent sa = byId.get(a);
        assertThat(sa.app()).isEqualTo(RunningServer.APP);
        assertThat(sa.trust()).isEqualTo(Trust.SERVER);
        assertThat(sa.keyId()).isNotBlank();
        assertThat(sa.event().levelId()).isEqualTo("m1");
        assertThat(byId.get(c).event().attributes().toString()).contains("2.50");
        assertThat(failed()).anySatisfy(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.reason()).contains("event_id");
            assertThat(f.raw()).contains("not-a-uuid");
            assertThat(f.app()).isEqualTo(RunningServer.APP);
        });
    }

    @Test
    void keysAreCheckedBeforeAnythingElse() throws Exception {
        String body = "[" + event("login", "p", "") + "]";
        assertThat(post(null, body).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = post("ql_server_forged", body);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(json(bad).get("error").asText()).isNotBlank();
        assertThat(post(s.analystKey(), body).statusCode()).as("analyst keys do not produce").isEqualTo(403);
        assertThat(post(s.adminKey(), body).statusCode()).isEqualTo(403);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() throws Exception {
        HttpResponse<String> created = s.postJson("/v1/admin/keys", s.adminKey(),
                "{\"app\":\"" + RunningServer.APP + "\",\"kind\":\"server\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String key = json(created).get("key").asText();
        String keyId = json(created).get("key_id").asText();
        String body = "[" + event("login", "p", "") + "]";
        assertThat(post(key, body).statusCode()).isEqualTo(200);
        assertThat(s.send("DELETE", "/v1/admin/keys/" + keyId, s.adminKey(), null, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(post(key, body).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedBodiesAndWrongTypesAre4xxWithAReason() throws Exception {
        HttpResponse<String> notJson = post(s.serverKey(), "{this is not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).isNotBlank();
        assertThat(post(s.serverKey(), "").statusCode()).isEqualTo(400);
        assertThat(post(s.serverKey(), "[]").statusCode()).isEqualTo(400);
        assertThat(post(s.serverKey(), "[1,2".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(400);
        assertThat(post(s.serverKey(), "x".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"))
                .statusCode()).isEqualTo(415);
        assertThat(post(s.serverKey(), ("[" + event("login", "p", "") + "]").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Content-Encoding", "br")).statusCode()).isEqualTo(415);
    }

    @Test
    void oversizeBodiesAndTooManyEventsGet413() {
        String big = "[" + event("login", "p", "\"pad\":\"" + "x".repeat(300 * 1024) + "\"") + "]";
        assertThat(post(s.serverKey(), big).statusCode()).isEqualTo(413);
        String many = IntStream.range(0, 101).mapToObj(i -> event("login", "p", ""))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(post(s.serverKey(), many).statusCode()).isEqualTo(413);
    }

    @Test
    void gzipBodiesAreAcceptedAndAGzipBombIsRefused() throws Exception {
        String env = "{\"events\":[" + event("login", "gz", "") + "," + event("login", "gz", "") + "]}";
        HttpResponse<String> ok = post(s.serverKey(), gzip(env.getBytes(StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("accepted").asInt()).isEqualTo(2);

        byte[] bomb = gzip(("[" + " ".repeat(64 << 20) + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(1 << 20);
        HttpResponse<String> refused = post(s.serverKey(), bomb,
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertThat(refused.statusCode()).isEqualTo(413);

        assertThat(post(s.serverKey(), "not gzip".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip")).statusCode()).isEqualTo(400);
    }

    @Test
    void ndjsonIsOneEventPerLine() throws Exception {
        String nd = event("login", "nd", "") + "\n\n" + event("logout", "nd", "") + "\n";
        HttpResponse<String> r = post(s.serverKey(), nd.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-ndjson"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void nothingValidIs400WithTheRejectionsWhichStillReachFailedEvents() throws Exception {
        String marker = "all-bad-" + id();
        String body = "[{\"event_id\":\"" + marker + "\",\"event_type\":\"x\",\"event_timestamp\":1},"
                + "{\"event_type\":\"x\",\"note\":\"" + marker + "\"}]";
        HttpResponse<String> r = post(s.serverKey(), body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("rejected")).hasSize(2);
        assertThat(failed().stream().filter(f -> f.raw().contains(marker))).hasSize(2);
    }

    @Test
    void aRepeatedEventIsAcknowledgedButAppendedOnce() throws Exception {
        String e = id();
        String body = "[" + event(e, "login", "dup", "") + "]";
        assertThat(json(post(s.serverKey(), body)).get("accepted").asInt()).isEqualTo(1);
        JsonNode again = json(post(s.serverKey(), body));
        assertThat(again.get("accepted").asInt()).isEqualTo(1);
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
        String twiceInOne = "[" + event(e, "login", "dup", "") + "," + event(e, "login", "dup", "") + "]";
        assertThat(json(post(s.serverKey(), twiceInOne)).get("duplicates").asInt()).isEqualTo(2);
        assertThat(stored().stream().filter(x -> x.event().eventId().equals(e))).hasSize(1);
        assertThat(s.get("/metrics", null).body()).contains("questlog_ingest_duplicates_total");
    }

    @Test
    void anAppNameOfAnotherAppIsRejected() throws Exception {
        String body = "[" + event("login", "p", "\"app_name\":\"someone-else\"") + ","
                + event("login", "p", "\"app_name\":\"" + RunningServer.APP + "\"") + "]";
        JsonNode j = json(post(s.serverKey(), body));
        assertThat(j.get("accepted").asInt()).isEqualTo(1);
        assertThat(j.get("rejected").get(0).get("index").asInt()).isZero();
        assertThat(j.get("rejected").get(0).get("reason").asText()).contains("app_name");
    }

    @Test
    void serverOnlyEventTypesAreRefusedFromClientKeys() throws Exception {
        String body = "[" + event("match_end", "c1", "") + "," + event("player_death", "c1", "") + "]";
        JsonNode fromClient = json(post(s.clientKey(), body));
        assertThat(fromClient.get("accepted").asInt()).isEqualTo(1);
        assertThat(fromClient.get("rejected").get(0).get("reason").asText()).contains("server key");
        JsonNode fromServer = json(post(s.serverKey(), body));
        assertThat(fromServer.get("accepted").asInt()).isEqualTo(2);
        assertThat(stored()).anySatisfy(e -> {
            assertThat(e.event().eventType()).isEqualTo("player_death");
            assertThat(e.trust()).isEqualTo(Trust.CLIENT);
        });
    }

    @Test
    void aClientBeyondItsRateGets429WithRetryAfter() {
        String burst = IntStream.range(0, 60).mapToObj(i -> event("tick", "greedy", ""))
                .collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> r = post(s.clientKey(), burst);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(post(s.serverKey(), burst).statusCode()).as("server keys are not limited").isEqualTo(200);
    }

    @Test
    void aRegisteredSchemaIsEnforcedForItsTypeOnly() throws Exception {
        String schema = "{\"type\":\"object\",\"required\":[\"level_id\"]}";
        HttpResponse<String> put = s.send("PUT", "/v1/schemas/checkpoint?app=" + RunningServer.APP, s.adminKey(),
                schema.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(s.send("PUT", "/v1/schemas/checkpoint?app=" + RunningServer.APP, s.serverKey(),
                schema.getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(403);
        String body = "[" + event("checkpoint", "p", "\"level_id\":\"m\"") + "," + event("checkpoint", "p", "") + ","
                + event("other", "p", "") + "]";
        JsonNode j = json(post(s.serverKey(), body));
        assertThat(j.get("accepted").asInt()).isEqualTo(2);
        assertThat(j.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(j.get("rejected").get(0).get("reason").asText()).contains("level_id");
    }

    @Test
    void failedEventsCanBeReadBackWithTheirReasons() throws Exception {
        String marker = "readback-" + id();
        post(s.serverKey(), "[{\"event_type\":\"x\",\"event_timestamp\":1,\"note\":\"" + marker + "\"}]");
        HttpResponse<String> r = s.get("/v1/failed?limit=50", s.analystKey());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("failed")).anySatisfy(f -> {
            assertThat(f.get("raw").asText()).contains(marker);
            assertThat(f.get("reason").asText()).contains("event_timestamp");
            assertThat(f.get("field").asText()).isEqualTo("event_timestamp");
        });
        assertThat(s.get("/v1/failed", s.serverKey()).statusCode()).isEqualTo(403);

        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            code = dev.questlog.cli.Main.run("failed", "tail", "--url", s.url(), "--key", s.analystKey(), "--limit", "50");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(marker).contains("event_timestamp");
    }

    @Test
    void healthAndMetricsReportTheCollector() throws Exception {
        post(s.serverKey(), "[" + event("login", "m", "") + "]");
        HttpResponse<String> h = s.get("/v1/health", null);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(json(h).get("components").get("log").asText()).isEqualTo("up");
        String metrics = s.get("/metrics", null).body();
        assertThat(metrics).contains("questlog_ingest_events_total{outcome=\"accepted\"}")
                .contains("questlog_stage_received_total{stage=\"ingest\"}")
                .contains("questlog_ingest_append_seconds_bucket")
                .contains("questlog_ingest_body_bytes_total")
                .contains("questlog_http_requests_total{method=\"POST\",route=\"/v1/events\",status=\"200\"}");
    }

    @Test
    void theAdminApiManagesApps() throws Exception {
        HttpResponse<String> created = s.postJson("/v1/admin/apps", s.adminKey(), "{\"name\":\"second-game\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String key = json(created).get("server_key").asText();
        assertThat(s.postJson("/v1/admin/apps", s.adminKey(), "{\"name\":\"second-game\"}").statusCode()).isEqualTo(409);
        assertThat(s.postJson("/v1/admin/apps", s.adminKey(), "{\"name\":\"Bad Name\"}").statusCode()).isEqualTo(400);
        assertThat(s.postJson("/v1/admin/apps", s.serverKey(), "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(s.get("/v1/admin/apps", s.adminKey()).body()).contains("second-game").doesNotContain(key);
        HttpResponse<String> r = post(key, "[" + event("login", "p", "") + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(stored()).anySatisfy(e -> assertThat(e.app()).isEqualTo("second-game"));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    static List<ReadRecord> all(String stream) {
        return StreamReader.readAll(s.app().eventLog(), stream);
    }
}
