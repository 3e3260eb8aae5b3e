package dev.questlog.hot;

import static dev.questlog.testkit.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.testkit.RunningServer;
import dev.questlog.testkit.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The hot tier through HTTP: POST /v1/events → consumer group hot → GET /v1/search, on a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotSearchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private final SettableClock clock = new SettableClock(NOW);
    private Path dir;
    private RunningServer s;

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        // Ingest dedupe off, so that duplicates reach the stream and the hot tier must absorb them itself.
        s = RunningServer.start(dir, Map.of("ingest.dedupe_window", "0s", "hot.refresh_interval", "50ms"), clock);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private static String event(String id, String type, long timestamp, String client, String extra) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":" + timestamp
                + ",\"client_id\":\"" + client + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private void post(String... events) {
        HttpResponse<String> r = s.postJson("/v1/events", s.serverKey(), "[" + String.join(",", events) + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("accepted").asInt()).as(r.body()).isEqualTo(events.length);
    }

    private JsonNode search(String query) {
        HttpResponse<String> r = s.get("/v1/search?" + query, s.analystKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aDuplicatedEventIsFoundOnceAndDropRulesKeepCombatHitsOut() {
        String dup = id();
        String client = "dup-" + id();
        post(event(dup, "player_death", NOW - 1000, client, "\"level_id\":\"dust\""));
        post(event(dup, "player_death", NOW - 1000, client, "\"level_id\":\"dust\""),
                event(id(), "combat_hit", NOW - 900, client, "\"damage\":12"),
                event(id(), "match_end", NOW - 800, client, ""));

        JsonNode r = await(() -> {
            JsonNode x = search("client_id=" + client);
            assertThat(x.path("total").asLong()).isEqualTo(2);
            return x;
        });
        assertThat(r.path("events")).extracting(e -> e.path("event").path("event_type").asText())
                .containsExactly("match_end", "player_death");
        assertThat(r.path("facets").path("event_type").path("player_death").asLong()).isEqualTo(1);
        assertThat(r.path("facets").path("event_type").has("combat_hit")).isFalse();
        // Both copies and the combat hit did reach the stream: the hot tier absorbed them.
        assertThat(search("client_id=" + client + "&event_type=combat_hit").path("total").asLong()).isZero();
        String metrics = s.get("/metrics", null).body();
        assertThat(metrics).containsPattern("questlog_stage_dropped_total\\{stage=\"hot\"} [1-9]");
    }

    @Test
    void searchFiltersFreeTextFacetsAndPagesNewestFirst() {
        String client = "p-" + id();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event(id(), i % 4 == 0 ? "crash" : "player_death", NOW - 60_000 + i * 1000, client,
                    "\"level_id\":\"" + (i % 2 == 0 ? "ice" : "dust") + "\",\"n\":" + i + ",\"message\":\""
                            + (i == 8 ? "NullPointerException at Renderer.draw(Renderer.java:42)" : "ok " + i) + "\""));
        }
        post(events.toArray(String[]::new));

        JsonNode all = await(() -> {
            JsonNode x = search("client_id=" + client + "&limit=5");
            assertThat(x.path("total").asLong()).isEqualTo(12);
            return x;
        });
        assertThat(all.path("facets").path("event_type").path("crash").asLong()).isEqualTo(3);
        List<Integer> ns = new ArrayList<>();
        JsonNode page = all;
        while (true) {
            page.path("events").forEach(e -> ns.add(e.path("event").path("n").asInt()));
            if (page.path("next_cursor").isNull()) {
                break;
            }
            page = search("client_id=" + client + "&limit=5&cursor=" + enc(page.path("next_cursor").asText()));
        }
        assertThat(ns).containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

        JsonNode crash = search("client_id=" + client + "&q=" + enc("nullpointerexception renderer.java"));
        assertThat(crash.path("events")).singleElement()
                .satisfies(e -> assertThat(e.path("event").path("n").asInt()).isEqualTo(8));
        JsonNode iceDeaths = search("client_id=" + client + "&event_type=player_death&level=ice&attr.n=6");
        assertThat(iceDeaths.path("total").asLong()).isEqualTo(1);
        JsonNode range = search("client_id=" + client + "&from=" + (NOW - 60_000 + 2000) + "&to="
                + enc(Instant.ofEpochMilli(NOW - 60_000 + 5000).toString()));
        assertThat(range.path("events")).extracting(e -> e.path("event").path("n").asInt()).containsExactly(4, 3, 2);
        JsonNode offset = search("client_id=" + client + "&limit=3&offset=9");
        assertThat(offset.path("events")).extracting(e -> e.path("event").path("n").asInt()).containsExactly(2, 1, 0);
    }

    @Test
    void searchIsScopedToTheKeysAppAndNeedsAnAnalystKey() {
        assertThat(s.get("/v1/search", s.serverKey()).statusCode()).isEqualTo(403);
        assertThat(s.get("/v1/search", null).statusCode()).isEqualTo(401);
        assertThat(s.get("/v1/search?q=" + enc("(broken"), s.analystKey()).statusCode()).isEqualTo(400);
        var other = s.app().apps().createApp("other-game");
        JsonNode r = json(s.get("/v1/search", other.analyst().token()));
        assertThat(r.path("total").asLong()).isZero();
    }

    @Test
    void retentionDeletesOldDaysWhenTheClockMovesOn() {
        long sixDaysAgo = NOW - Duration.ofDays(6).toMillis();
        String client = "r-" + id();
        post(event(id(), "login", sixDaysAgo, client, ""), event(id(), "login", NOW - 500, client, ""));
        await(() -> assertThat(search("client_id=" + client).path("total").asLong()).isEqualTo(2));
        LocalDate oldDay = Instant.ofEpochMilli(sixDaysAgo).atZone(ZoneOffset.UTC).toLocalDate();
        assertThat(dir.resolve("hot").resolve(oldDay.toString())).isDirectory();

        clock.advance(Duration.ofDays(2)); // the old day is now wholly past the 7-day retention
        await(() -> assertThat(search("client_id=" + client).path("total").asLong()).isEqualTo(1));
        assertThat(Files.exists(dir.resolve("hot").resolve(oldDay.toString()))).isFalse();
    }

    @Test
    void pipelineSummarisesStagesAndConsumerLag() {
        String client = "pl-" + id();
        post(event(id(), "login", NOW - 100, client, ""));
        await(() -> assertThat(search("client_id=" + client).path("total").asLong()).isEqualTo(1));
        HttpResponse<String> r = s.get("/v1/pipeline", s.analystKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = json(r);
        assertThat(p.path("stages").path("hot").path("received").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(p.path("stages").path("live").path("received").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(p.path("consumer_lag").path("events").has("hot")).isTrue();
        // Once the commit interval passed on the clock, the Lucene commit runs and then the group offset follows.
        clock.advance(Duration.ofSeconds(10));
        await(() -> assertThat(json(s.get("/v1/pipeline", s.analystKey())).path("consumer_lag").path("events")
                .path("hot").asLong()).isZero());
        assertThat(p.path("last_lake_file").isNull()).isTrue();

        // A lake file pointer, and the warehouse group having processed it, as the lake and warehouse stages do.
        EventLog log = s.app().eventLog();
        log.ensureStream("lake-files");
        String pointer = "{\"path\":\"events/app=test-game/date=2026-03-10/part-0-0-9.parquet\",\"rows\":10}";
        Appended at = log.append("lake-files", List.of(LogRecord.of(new byte[0],
                pointer.getBytes(StandardCharsets.UTF_8)))).join().getFirst();
        try (LogConsumer warehouse = log.consumer("lake-files", "warehouse", Set.of(at.partition()),
                StartPosition.earliest())) {
            warehouse.commit(Map.of(at.partition(), at.offset() + 1));
        }
        JsonNode after = json(s.get("/v1/pipeline", s.analystKey()));
        assertThat(after.path("last_lake_file").path("rows").asInt()).isEqualTo(10);
        assertThat(after.path("last_warehouse_load").path("path").asText()).endsWith("part-0-0-9.parquet");
        assertThat(after.path("consumer_lag").path("lake-files").path("warehouse").asLong()).isZero();
        assertThat(s.get("/v1/pipeline", null).statusCode()).isEqualTo(401);
    }
}
