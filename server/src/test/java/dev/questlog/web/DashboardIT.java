package dev.questlog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.sim.SimulationOptions;
import dev.questlog.sim.Simulator;
import dev.questlog.testkit.Browser;
import dev.questlog.testkit.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real headless Chromium against a real QuestLog server: what a user sees and clicks. Tests
 * leave screenshots in {@code server/target/screenshots/}; with {@code -Dquestlog.docs.screenshots=true} the Live
 * and Heatmaps ones are also copied to {@code docs/img/} for the README (never by a plain test run: tests do not
 * change tracked files).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final Path DOCS_IMG = Path.of("..", "docs", "img");
    private RunningServer server;
    private Browser browser;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        // One alert rule that the simulated game's crashes trip, so the Live page has an alert to show.
        // Lake files cut and loaded within a second, so the warm tier (SQL, heatmaps) sees posted events quickly.
        server = RunningServer.start(dataDir, Map.of("live.alerts.rules", "[{\"name\":\"crash_spike\","
                + "\"metric\":\"crashes\",\"window\":\"10s\",\"comparison\":\">\",\"threshold\":0,"
                + "\"cooldown\":\"1m\"}]", "lake.batch.max_age", "500ms", "warehouse.load.max_age", "500ms"),
                InstantSource.system());
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.open(server.url() + "/");
        // A kept key is checked again on load (and stored again once valid): wait for that to settle, then sign out
        // the way a user does, so no late answer can bring the key back.
        String state = browser.await(Duration.ofSeconds(15), "the page to show sign-in or the pages", d ->
                browser.find("#nav").isDisplayed() ? "signed in"
                        : browser.find("#sign-in-form").isDisplayed() ? "signed out" : null);
        if (state.equals("signed in")) {
            browser.find("#sign-out").click();
        }
        browser.visible("#sign-in-form");
    }

    private void signIn(String key) {
        browser.find("#key").clear();
        browser.find("#key").sendKeys(key);
        browser.find("#sign-in-form button[type=submit]").click();
    }

    private void signInAsAnalyst() {
        signIn(server.analystKey());
        browser.visible("#nav");
    }

    @Test
    void signInAcceptsOnlyAnalystOrAdminKeysAndSignOutForgetsTheKey() {
        signIn("ql_analyst_not-a-real-key");
        assertThat(browser.visible("#sign-in-error").getText()).contains("unknown or revoked key").contains("401");

        signIn(server.serverKey());
        assertThat(browser.visible("#sign-in-error").getText()).contains("server key may not").contains("403");
        assertThat(browser.find("#nav").isDisplayed()).isFalse();

        signInAsAnalyst();
        assertThat(browser.find("#who-text").getText()).contains(RunningServer.APP).contains("analyst");
        browser.screenshot("signed-in");

        // The key lives in the tab's session: a reload stays signed in.
        browser.driver().navigate().refresh();
        assertThat(browser.visible("#who-text").getText()).contains(RunningServer.APP);

        browser.find("#sign-out").click();
        assertThat(browser.visible("#sign-in-error").getText()).contains("Signed out");
        assertThat(browser.script("return sessionStorage.getItem('questlog.key')")).isNull();
        browser.driver().navigate().refresh();
        browser.visible("#sign-in-form");
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
    }

    @Test
    void anAdminKeyNamesTheAppItLooksAt() {
        signIn(server.adminKey());
        browser.visible("#app-name").sendKeys(RunningServer.APP + "\n");
        assertThat(browser.find("#who-text").getText()).contains("admin");
        assertThat(browser.script("return sessionStorage.getItem('questlog.app')")).isEqualTo(RunningServer.APP);
    }

    @Test
    void liveChartsMoveWhileTheSimulatorSendsEvents() throws IOException {
        signInAsAnalyst();
        browser.open(server.url() + "/#/live");
        browser.visible("#page-live");
        try (Simulator sim = Simulator.overHttp(new SimulationOptions(40, 400, null, 0, 7, 0, 0, 0, Duration.ZERO),
                URI.create(server.url()), server.serverKey(), server.clientKey())) {
            sim.start();
            assertThat(browser.visible("#live-status.ok").getText()).contains("streaming");
            double first = browser.await(PATIENCE, "events on the live chart", d -> positive(chartTotal("chart-rate")));
            // The chart keeps moving without a reload: more events arrive as the stream goes on.
            double later = browser.await(PATIENCE, "the live chart to grow past " + first,
                    d -> chartTotal("chart-rate") > first ? chartTotal("chart-rate") : null);
            assertThat(later).isGreaterThan(first);
            browser.await(PATIENCE, "active players on the chart", d -> positive(chartTotal("chart-players")));
            browser.await(PATIENCE, "a closed window in the tiles",
                    d -> "–".equals(browser.find("#kpi-rate .kpi-value").getText()) ? null : true);
            assertThat(browser.find("#live-error").isDisplayed()).isFalse();
            String alerts = browser.await(PATIENCE, "the crash alert", d -> {
                String text = browser.find("#live-alerts").getText();
                return text.contains("crash_spike") ? text : null;
            });
            assertThat(alerts).contains("crashes");
            // For the README picture, a few windows: 10 s windows close in event time as the game goes on.
            browser.await(Duration.ofSeconds(60), "four windows on the chart",
                    d -> Integer.parseInt(browser.find("#page-live").getDomAttribute("data-points")) >= 4 ? true : null);
            publish(browser.screenshot("live"), "dashboard-live.png");
        }
    }

    @Test
    void exploreFindsOnePlayersEventsAndShowsAnEventsJson() {
        String player = "player-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            body.append(i == 0 ? "" : ",").append(RunningServer.event(i % 2 == 0 ? "player_death" : "chat_message",
                    player, "\"level_id\":\"dust_valley\",\"message\":\"gg number " + i + "\""));
        }
        body.append(",").append(RunningServer.event("player_death", "someone-else", null)).append("]");
        assertThat(server.postJson("/v1/events", server.serverKey(), body.toString()).statusCode()).isEqualTo(200);

        signInAsAnalyst();
        browser.open(server.url() + "/#/explore");
        browser.visible("#search-client_id").sendKeys(player);
        // The hot tier is seconds behind ingest: search again until all five are there.
        browser.await(PATIENCE, "five events of " + player, d -> {
            browser.find("#search-run").click();
            return browser.findAll("#search-table tbody tr").size() == 5 ? true : null;
        });
        assertThat(browser.findAll("#search-table tbody tr")).allSatisfy(r -> assertThat(r.getText()).contains(player));
        assertThat(browser.find("#search-summary").getText()).startsWith("5 matching events");
        assertThat(browser.find("#search-facets [data-type=player_death]").getText()).contains("3");
        assertThat(browser.find("#search-facets [data-type=chat_message]").getText()).contains("2");

        browser.find("#search-facets [data-type=chat_message]").click();
        browser.await(PATIENCE, "only chat messages",
                d -> browser.findAll("#search-table tbody tr").size() == 2 ? true : null);
        browser.find("#search-table tbody tr").click();
        assertThat(browser.find("#search-detail").getText()).contains("\"event_id\"").contains(player)
                .contains("gg number");
        browser.screenshot("explore");
    }

    @Test
    void pipelineShowsStagesAndFailedEventsByReasonWithASample() {
        String body = "[" + RunningServer.event("match_start", "server-1", null)
                + ",{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_timestamp\":" + System.currentTimeMillis()
                + ",\"client_id\":\"bad-one\"}]"; // no event_type
        assertThat(server.postJson("/v1/events", server.serverKey(), body).statusCode()).isEqualTo(200);

        signInAsAnalyst();
        browser.open(server.url() + "/#/pipeline");
        assertThat(browser.visible("#pipeline-stages table").getText()).contains("ingest").contains("received");
        browser.visible("#pipeline-consumer_lag");
        String failed = browser.await(PATIENCE, "the failed event", d -> {
            String text = browser.find("#failed-body").getText();
            return text.contains("bad-one") ? text : null;
        });
        assertThat(failed).contains("event_type");
        assertThat(browser.find("#pipeline-error").isDisplayed()).isFalse();
        browser.screenshot("pipeline");
    }

    @Test
    void sqlRunsAQueryShowsTheTableAndDownloadsItAsCsv() throws IOException {
        signInAsAnalyst();
        browser.open(server.url() + "/#/sql");
        WebElement box = browser.visible("#sql-text");
        box.clear();
        box.sendKeys("SELECT 'dust_valley' AS level, 42 AS deaths UNION ALL SELECT 'frost, keep', 7 ORDER BY deaths DESC");
        box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        String table = browser.visible("#sql-table").getText();
        assertThat(table).contains("level").contains("deaths").contains("dust_valley").contains("frost, keep");
        assertThat(browser.find("#sql-status").getText()).startsWith("2 rows");
        browser.screenshot("sql");

        browser.find("#sql-csv").click();
        Path csv = browser.downloads().resolve("questlog-query.csv");
        // Chromium may create the file before it has written it: wait for the whole download.
        String expected = "level,deaths\r\ndust_valley,42\r\n\"frost, keep\",7\r\n";
        browser.await(PATIENCE, "the CSV download", d -> {
            try {
                return Files.exists(csv) && Files.size(csv) >= expected.length() ? true : null;
            } catch (IOException e) {
                return null;
            }
        });
        assertThat(Files.readString(csv)).isEqualTo(expected);

        box.clear();
        box.sendKeys("DELETE FROM events");
        browser.find("#sql-run").click();
        assertThat(browser.visible("#sql-error").getText()).contains("400");
    }

    @Test
    void heatmapRendersTheLevelAndHoverShowsABinsCount() throws Exception {
        postDeathsAroundHotspots(1500);
        awaitWarm("SELECT count(*) FROM events WHERE event_type = 'player_death' AND level_id = 'dust_valley'", 1500);

        signInAsAnalyst();
        browser.open(server.url() + "/#/heatmaps");
        WebElement level = browser.visible("#heatmap-level");
        level.clear();
        level.sendKeys("dust_valley");
        WebElement types = browser.find("#heatmap-event_type");
        types.clear();
        types.sendKeys("player_death");
        browser.find("#heatmap-run").click();
        browser.await(PATIENCE, "the rendered heatmap", d -> positive(((Number) browser.script(
                "const i = document.querySelector('#heatmap-image'); return i.complete ? i.naturalWidth : 0;"))
                .doubleValue()));
        assertThat(browser.find("#heatmap-info").getText()).contains("1,500 events");
        assertThat(browser.find("#heatmap-error").isDisplayed()).isFalse();

        // Hover the busiest bin (by the same JSON the page uses): the tip shows its count.
        JsonNode json = new ObjectMapper().readTree(server.get(
                "/v1/heatmap?level=dust_valley&event_type=player_death&bins=hex&mode=count&format=json",
                server.analystKey()).body());
        JsonNode busiest = null;
        for (JsonNode b : json.get("bins")) {
            busiest = busiest == null || b.get("count").asLong() > busiest.get("count").asLong() ? b : busiest;
        }
        assertThat(busiest).isNotNull();
        WebElement img = browser.find("#heatmap-image");
        // Pointer offsets count from the centre of the element's visible part: have all of it in view.
        browser.script("arguments[0].scrollIntoView({block: 'nearest'})", img);
        double scale = ((Number) browser.script("const i = arguments[0]; return i.getBoundingClientRect().width"
                + " / i.naturalWidth;", img)).doubleValue();
        int dx = (int) Math.round(busiest.get("px").asDouble() * scale - img.getRect().getWidth() / 2.0);
        int dy = (int) Math.round(busiest.get("py").asDouble() * scale - img.getRect().getHeight() / 2.0);
        new Actions(browser.driver()).moveToElement(img, dx, dy).perform();
        String tip = browser.visible("#heatmap-tip").getText();
        assertThat(tip).startsWith(String.format(java.util.Locale.ROOT, "%,d events", busiest.get("count").asLong()));
        publish(browser.screenshot("heatmaps"), "dashboard-heatmaps.png");
    }

    @Test
    void showsTheApisErrorInsteadOfSwallowingIt() {
        signInAsAnalyst();
        browser.open(server.url() + "/#/explore");
        browser.visible("#search-limit");
        browser.script("const s = document.querySelector('#search-limit'); const o = document.createElement('option');"
                + "o.value = '5000'; o.text = '5000'; s.append(o); s.value = '5000';");
        browser.find("#search-run").click();
        assertThat(browser.visible("#search-error").getText()).contains("limit must be 1..1000").contains("400");
    }

    @Test
    void pageHelpersReadTheApisShapes() {
        browser.open(server.url() + "/");
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/dashboard/js/pages/sql.js'), import('/dashboard/js/pages/live.js'),
                             import('/dashboard/js/pages/heatmaps.js')]).then(([sql, live, heat]) => done({
                  csv: sql.toCsv({columns: ['a', 'b'], rows: [[1, 'x,"y"'], [null, {k: 1}]]}),
                  windows: live.windowsOf({windows: {'10s': [{start: 0, end: 10000}], '1m': [{start: 0, end: 60000}]}}).length,
                  seconds: [live.durationSeconds('10s'), live.durationSeconds('1m'), live.durationSeconds(10000)],
                  rate: live.normalizeWindow({start: 0, end: 10000, events_by_type: {a: 50}, players: 3, fps: {p50: 60}}),
                  near: heat.nearest([{px: 10, py: 10, count: 1}, {px: 30, py: 30, count: 2}], 28, 27, 5),
                  far: heat.nearest([{px: 10, py: 10, count: 1}], 100, 100, 5),
                })).catch((e) => done({error: String(e)}));""");
        assertThat(result).isInstanceOf(Map.class);
        Map<?, ?> r = (Map<?, ?>) result;
        assertThat(r.get("error")).isNull();
        assertThat(r.get("csv")).isEqualTo("a,b\r\n1,\"x,\"\"y\"\"\"\r\n,\"{\"\"k\"\":1}\"\r\n");
        assertThat(r.get("windows")).isEqualTo(2L);
        assertThat(r.get("seconds")).asString().isEqualTo("[10, 60, 10]");
        assertThat(r.get("rate")).asString().contains("seconds=10").contains("players=3").contains("p50=60");
        assertThat(r.get("near")).asString().contains("count=2");
        assertThat(r.get("far")).isNull();
    }

    /** Deaths on dust_valley scattered around its four hotspots (a bridge, a gate, a tunnel, an exit). */
    private void postDeathsAroundHotspots(int n) {
        double[][] spots = {{500, 500, 36, 0.45}, {150, 600, 30, 0.25}, {850, 380, 30, 0.20}, {500, 860, 44, 0.10}};
        java.util.Random random = new java.util.Random(42);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            double pick = random.nextDouble();
            double[] spot = spots[3];
            for (double[] s : spots) {
                if ((pick -= s[3]) < 0) {
                    spot = s;
                    break;
                }
            }
            double x = Math.clamp(spot[0] + random.nextGaussian() * spot[2] * 1.5, 1, 999);
            double y = Math.clamp(spot[1] + random.nextGaussian() * spot[2] * 1.5, 1, 999);
            body.append(i == 0 ? "" : ",").append(RunningServer.event("player_death", "p" + random.nextInt(200),
                    String.format(java.util.Locale.ROOT, "\"level_id\":\"dust_valley\",\"position_x\":%.1f,"
                            + "\"position_y\":%.1f", x, y)));
        }
        assertThat(server.postJson("/v1/events", server.serverKey(), body.append("]").toString()).statusCode())
                .isEqualTo(200);
    }

    /** Waits until a count query over the warm tier reaches {@code expected}. */
    private void awaitWarm(String countSql, long expected) throws InterruptedException {
        String body = "{\"sql\":\"" + countSql.replace("\"", "\\\"") + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = server.postJson("/v1/sql", server.analystKey(), body).body();
            if (last.contains("[[" + expected + "]]")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the warm tier did not reach " + expected + " rows; last answer " + last);
    }

    private double chartTotal(String id) {
        Object v = browser.script("const c = Chart.getChart(document.querySelector('#" + id + " canvas'));"
                + "return c ? c.data.datasets.flatMap(d => d.data).reduce((s, x) => s + (x || 0), 0) : 0;");
        return ((Number) v).doubleValue();
    }

    private static Double positive(double v) {
        return v > 0 ? v : null;
    }

    /** Copies a screenshot to docs/img/ (the README shows it) when asked to with questlog.docs.screenshots. */
    private static void publish(Path screenshot, String name) throws IOException {
        if (!Boolean.getBoolean("questlog.docs.screenshots")) {
            return;
        }
        Files.createDirectories(DOCS_IMG);
        Files.copy(screenshot, DOCS_IMG.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
