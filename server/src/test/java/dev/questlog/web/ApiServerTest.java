package dev.questlog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.CreatedApp;
import dev.questlog.apps.KeyKind;
import dev.questlog.testkit.Http;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
    @TempDir
    Path dir;
    private final AtomicBoolean logUp = new AtomicBoolean(true);
    private ApiServer server;
    private CreatedApp app;

    @BeforeEach
    void start() {
        AppRegistry registry = AppRegistry.open(dir, InstantSource.system());
        app = registry.createApp("g");
        Auth auth = new Auth(registry);
        Health health = new Health();
        health.register("log", true, logUp::get);
        Routes whoami = routes -> routes.get("/v1/whoami", ctx -> {
            var p = auth.require(ctx, KeyKind.SERVER, KeyKind.ANALYST);
            ctx.result(p.app() + "/" + p.kind().wireName());
        });
        server = ApiServer.start(new ApiServer.Options("127.0.0.1", 0, Duration.ofSeconds(5)), health,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(whoami));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String key) {
        return Http.get("http://127.0.0.1:" + server.port() + path, key);
    }

    @Test
    void healthIsReadyOnlyWhileRequiredComponentsAreUp() throws Exception {
        assertThat(get("/v1/health", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"ready\"").contains("\"log\":\"up\"");
        });
        logUp.set(false);
        assertThat(get("/v1/health", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"log\":\"down\"");
        });
    }

    @Test
    void authAnswers401And403AsJsonAndPassesTheRightKind() throws Exception {
        assertThat(get("/v1/whoami", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = get("/v1/whoami", "ql_server_nope");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("\"error\"");
        HttpResponse<String> wrongKind = get("/v1/whoami", app.client().token());
        assertThat(wrongKind.statusCode()).isEqualTo(403);
        assertThat(wrongKind.body()).contains("client key may not");
        assertThat(get("/v1/whoami", app.server().token()).body()).isEqualTo("g/server");
    }

    @Test
    void unknownPathsGetJson404AndRequestsAreCountedInMetrics() throws Exception {
        HttpResponse<String> missing = get("/v1/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\"");
        get("/v1/health", null);
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE questlog_http_requests_total counter")
                .contains("route=\"/v1/health\"");
    }
}
