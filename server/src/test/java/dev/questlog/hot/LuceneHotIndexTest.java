package dev.questlog.hot;

import static dev.questlog.testkit.StoredEventBuilder.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.questlog.config.HotConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneHotIndexTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final InstantSource clock = now::get;
    @TempDir
    Path dir;
    private HotIndex index;

    @BeforeEach
    void open() {
        index = HotIndex.open(HotConfig.defaults(), dir, clock);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private long t(int secondsAgo) {
        return NOW.toEpochMilli() - secondsAgo * 1000L;
    }

    private IndexCounts index(byte[]... events) {
        IndexCounts c = index.index(List.of(events));
        index.refresh();
        return c;
    }

    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(h -> h.path("event").path("event_id").asText()).toList();
    }

    @Test
    void aDuplicatedEventIdIsIndexedOnce() {
        var e = event("game", "player_death", t(5)).id("4e96de3b-2bb5-4aca-b631-f3827317d90a");
        index(e.bytes(), e.bytes());
        index(e.bytes());

        SearchResult r = index.search(SearchRequest.all("game", 10));
        assertThat(r.total()).isEqualTo(1);
        assertThat(ids(r)).containsExactly("4e96de3b-2bb5-4aca-b631-f3827317d90a");
    }

    @Test
    void anEnvelopeStringLongerThanLucenesTermLimitDoesNotStopIndexing() {
        var huge = event("game", "player_death", t(2)).field("level_id", "x".repeat(100_000));
        var next = event("game", "player_death", t(1)).field("level_id", "arena");
        index(huge.bytes(), next.bytes());

        assertThat(ids(index.search(SearchRequest.all("game", 10)))).containsExactly(next.eventId(), huge.eventId());
    }

    @Test
    void dropRulesKeepNoisyTypesOutAndCountThem() {
        IndexCounts c = index(event("game", "combat_hit", t(1)).bytes(), event("game", "combat_hit", t(1)).bytes(),
                event("game", "match_start", t(1)).bytes());

        assertThat(c).isEqualTo(new IndexCounts(1, 2, 0, 0));
        assertThat(index.search(SearchRequest.all("game", 10)).eventTypes()).isEqualTo(Map.of("match_start", 1L));
    }

    @Test
    void retentionDeletesWholeOldDaysByTheInjectedClock() {
        index(event("game", "a", t(0)).bytes(), event("game", "b", t(6 * 86_400)).bytes());
        assertThat(index.days()).containsExactly(LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-10"));

        assertThat(index.enforceRetention()).isEmpty();
        now.set(NOW.plus(Duration.ofDays(2)));
        assertThat(index.enforceRetention()).containsExactly(LocalDate.parse("2026-03-04"));

        assertThat(index.days()).containsExactly(LocalDate.parse("2026-03-10"));
        assertThat(Files.exists(dir.resolve("2026-03-04"))).isFalse();
        assertThat(index.search(SearchRequest.all("game", 10)).total()).isEqualTo(1);
    }

    @Test
    void eventsOlderThanTheRetentionAreNotIndexed() {
        IndexCounts c = index(event("game", "a", t(8 * 86_400)).bytes());
        assertThat(c.expired()).isEqualTo(1);
        assertThat(index.days()).isEmpty();
    }

    @Test
    void searchIsScopedToTheAppAndFiltersByEnvelopeFieldsAndAttributes() {
        index(event("game", "player_death", t(3)).field("client_id", "p1").field("level_id", "dust")
                        .field("weapon", "sword").bytes(),
                event("game", "player_death", t(2)).field("client_id", "p2").field("level_id", "dust")
                        .field("weapon", "bow").bytes(),
                event("game", "match_start", t(1)).field("client_id", "p1").field("session_id", "s1").bytes(),
                event("other", "player_death", t(1)).field("client_id", "p1").bytes());

        assertThat(index.search(SearchRequest.all("game", 10)).total()).isEqualTo(3);
        SearchResult p1 = index.search(new SearchRequest("game", List.of(), "p1", null, null, null, null, null,
                Map.of(), null, 10, 0, null));
        assertThat(p1.total()).isEqualTo(2);
        assertThat(p1.hits()).allMatch(h -> h.path("app").asText().equals("game"));
        SearchResult bow = index.search(new SearchRequest("game", List.of("player_death"), null, null, "dust", null,
                null, null, Map.of("weapon", "bow"), null, 10, 0, null));
        assertThat(bow.hits()).singleElement().satisfies(h ->
                assertThat(h.path("event").path("client_id").asText()).isEqualTo("p2"));
        SearchResult types = index.search(new SearchRequest("game", List.of("player_death", "match_start"), null,
                "s1", null, null, null, null, Map.of(), null, 10, 0, null));
        assertThat(types.total()).isEqualTo(1);
    }

    @Test
    void freeTextSearchesStringAttributesIncludingNestedOnes() {
        index(event("game", "crash", t(2)).field("message", "NullPointerException in Renderer.draw")
                        .json("context", "{\"stack\":\"at dev.game.Physics.step(Physics.java:42)\"}").bytes(),
                event("game", "crash", t(1)).field("message", "OutOfMemoryError").bytes());

        assertThat(search("nullpointerexception renderer").total()).isEqualTo(1);
        assertThat(search("physics.java").total()).isEqualTo(1);
        assertThat(search("outofmemoryerror OR renderer").total()).isEqualTo(2);
        assertThat(search("missing").total()).isZero();
        assertThatThrownBy(() -> search("(unbalanced")).isInstanceOf(IllegalArgumentException.class);
    }

    private SearchResult search(String q) {
        return index.search(new SearchRequest("game", List.of(), null, null, null, null, null, null, Map.of(), q, 10,
                0, null));
    }

    @Test
    void newestFirstWithTimeRangeFacetsAndPagingByCursorAndOffset() {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(event("game", i % 5 == 0 ? "match_start" : "player_death", t(100 - i)).field("n", i).bytes());
        }
        index.index(batch);
        index.refresh();

        SearchResult first = index.search(SearchRequest.all("game", 10));
        assertThat(first.total()).isEqualTo(25);
        assertThat(first.eventTypes()).isEqualTo(Map.of("match_start", 5L, "player_death", 20L));
        assertThat(first.hits()).extracting(h -> h.path("event").path("n").asInt())
                .containsExactly(24, 23, 22, 21, 20, 19, 18, 17, 16, 15);

        List<Integer> all = new ArrayList<>(first.hits().stream().map(h -> h.path("event").path("n").asInt()).toList());
        String cursor = first.nextCursor();
        while (cursor != null) {
            SearchResult page = index.search(new SearchRequest("game", List.of(), null, null, null, null, null, null,
                    Map.of(), null, 10, 0, cursor));
            page.hits().forEach(h -> all.add(h.path("event").path("n").asInt()));
            cursor = page.nextCursor();
        }
        assertThat(all).hasSize(25).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> b - a);

        SearchResult third = index.search(new SearchRequest("game", List.of(), null, null, null, null, null, null,
                Map.of(), null, 10, 20, null));
        assertThat(third.hits()).extracting(h -> h.path("event").path("n").asInt()).containsExactly(4, 3, 2, 1, 0);
        assertThat(third.nextCursor()).isNull();

        SearchResult range = index.search(new SearchRequest("game", List.of(), null, null, null, null, t(90), t(85),
                Map.of(), null, 10, 0, null));
        assertThat(range.hits()).extracting(h -> h.path("event").path("n").asInt()).containsExactly(14, 13, 12, 11, 10);
    }

    @Test
    void survivesARestartOnceCommitted() {
        index(event("game", "a", t(1)).bytes());
        index.commit();
        index.close();
        index = HotIndex.open(HotConfig.defaults(), dir, clock);
        JsonNode hit = index.search(SearchRequest.all("game", 10)).hits().getFirst();
        assertThat(hit.path("event").path("event_type").asText()).isEqualTo("a");
    }
}
