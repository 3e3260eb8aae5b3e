package dev.questlog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.RunningServer;
import dev.questlog.warehouse.LakeFixture;
import dev.questlog.warehouse.LakeRow;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehousePaths;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/sql} on a running server with the embedded warm tier holding two apps' events (shared; no test writes). */
class SqlRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    static Path data;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(data);
        Warehouse warehouse = server.app().warehouse().orElseThrow();
        LakeFixture lake = new LakeFixture(WarehousePaths.stagingDir(data).resolve("test"));
        List<StagedFile> files = List.of(
                lake.file(List.of(LakeRow.of(RunningServer.APP, UUID.randomUUID().toString(), T0).level("a,\"b\""),
                        LakeRow.of(RunningServer.APP, UUID.randomUUID().toString(), T0))),
                lake.file(List.of(LakeRow.of("other-game", UUID.randomUUID().toString(), T0))));
        warehouse.load(LakeFixture.manifestOf(files), files);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> sql(String key, String sql) {
        return server.postJson("/v1/sql", key, "{\"sql\":" + quote(sql) + "}");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void analystKeyQueriesItsAppsEvents() throws Exception {
        HttpResponse<String> r = sql(server.analystKey(), "SELECT app, count(*) AS n FROM events GROUP BY app");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("columns").toString()).isEqualTo("[\"app\",\"n\"]");
        assertThat(body.get("rows").toString()).isEqualTo("[[\"test-game\",2]]");
    }

    @Test
    void csvOnRequest() {
        HttpResponse<String> r = server.send("POST", "/v1/sql", server.analystKey(),
                "{\"sql\":\"SELECT level_id FROM events ORDER BY level_id\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Accept", "text/csv"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.body()).isEqualTo("level_id\n\"a,\"\"b\"\"\"\nmap_1\n");
    }

    @Test
    void writesAreRefusedWith400() throws Exception {
        HttpResponse<String> r = sql(server.analystKey(), "DELETE FROM events");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("read-only");
        assertThat(server.app().warehouse().orElseThrow().countEvents()).isEqualTo(3);
    }

    @Test
    void onlyAnalystAndAdminKeysMayQuery() {
        assertThat(sql(null, "SELECT 1").statusCode()).isEqualTo(401);
        assertThat(sql(server.serverKey(), "SELECT 1").statusCode()).isEqualTo(403);
        assertThat(sql(server.clientKey(), "SELECT 1").statusCode()).isEqualTo(403);
    }

    @Test
    void adminKeyNamesTheApp() throws Exception {
        HttpResponse<String> r = server.postJson("/v1/sql", server.adminKey(),
                "{\"app\":\"other-game\",\"sql\":\"SELECT count(*) FROM events\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("rows").toString()).isEqualTo("[[1]]");
        assertThat(sql(server.adminKey(), "SELECT 1").statusCode()).isEqualTo(400);
    }

    @Test
    void badBodiesAre400() {
        assertThat(server.postJson("/v1/sql", server.analystKey(), "not json").statusCode()).isEqualTo(400);
        assertThat(server.postJson("/v1/sql", server.analystKey(), "{\"query\":\"SELECT 1\"}").statusCode())
                .isEqualTo(400);
    }
}
