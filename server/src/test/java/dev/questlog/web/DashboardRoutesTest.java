package dev.questlog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.CreatedApp;
import dev.questlog.apps.KeyKind;
import dev.questlog.testkit.Http;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardRoutesTest {
    @TempDir
    Path dir;
    private AppRegistry registry;
    private ApiServer server;
    private CreatedApp app;

    @BeforeEach
    void start() {
        registry = AppRegistry.open(dir, InstantSource.system());
        app = registry.createApp("g");
        Health health = new Health();
        health.register("test", true, () -> true);
        server = ApiServer.start(new ApiServer.Options("127.0.0.1", 0, Duration.ofSeconds(5)), health,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(new DashboardRoutes(new Auth(registry))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String key) {
        return Http.get("http://127.0.0.1:" + server.port() + path, key);
    }

    @Test
    void servesThePageAndEveryScriptAndStylesheetItLoads() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        Matcher refs = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
        int found = 0;
        while (refs.find()) {
            HttpResponse<String> r = get(refs.group(1), null);
            assertThat(r.statusCode()).as(refs.group(1)).isEqualTo(200);
            found++;
        }
        assertThat(found).as("scripts and stylesheets referenced by index.html").isGreaterThanOrEqualTo(3);
        assertThat(get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js", null).headers()
                .firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    }

    @Test
    void everyModuleImportedByThePagesExists() throws Exception {
        for (String module : List.of("main.js", "api.js", "ui.js", "charts.js", "pages/live.js", "pages/pipeline.js",
                "pages/explore.js", "pages/heatmaps.js", "pages/sql.js")) {
            HttpResponse<String> r = get("/dashboard/js/" + module, null);
            assertThat(r.statusCode()).as(module).isEqualTo(200);
            Matcher imports = Pattern.compile("from '(\\.{1,2}/[^']+)'").matcher(r.body());
            while (imports.find()) {
                String target = URI.create("/dashboard/js/" + module).resolve(imports.group(1)).getPath();
                assertThat(get(target, null).statusCode()).as(module + " imports " + target).isEqualTo(200);
            }
        }
    }

    @Test
    void refusesPathsOutsideTheDashboardFolderAndUnknownFiles() throws Exception {
        for (String path : List.of("/dashboard/../logback.xml", "/dashboard/%2e%2e/logback.xml", "/dashboard/js",
                "/dashboard/nope.js", "/webjars/../../logback.xml", "/dashboard//css/dashboard.css")) {
            HttpResponse<String> r = get(path, null);
            // Jetty itself answers 400 to some escaping paths; neither is ever a file.
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("<configuration");
        }
    }

    @Test
    void whoamiNamesTheKeyAndAcceptsOnlyAnalystAndAdminKeys() throws Exception {
        assertThat(get("/v1/whoami", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/whoami", app.server().token()).statusCode()).isEqualTo(403);
        HttpResponse<String> analyst = get("/v1/whoami", app.analyst().token());
        assertThat(analyst.statusCode()).isEqualTo(200);
        assertThat(analyst.body()).contains("\"app\":\"g\"").contains("\"kind\":\"analyst\"");
        String admin = registry.createKey(null, KeyKind.ADMIN).token();
        assertThat(get("/v1/whoami", admin).body()).contains("\"app\":null").contains("\"kind\":\"admin\"");
    }
}
