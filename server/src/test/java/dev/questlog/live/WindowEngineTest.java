package dev.questlog.live;

import static dev.questlog.testkit.StoredEventBuilder.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.questlog.config.LiveConfig;
import dev.questlog.testkit.StoredEventBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowEngineTest {
    private static final long T0 = 1_773_144_000_000L; // a multiple of one minute
    private final LiveConfig config = LiveConfig.defaults(); // allowed lateness 5 s
    private final WindowEngine engine = new WindowEngine(5_000, WindowAggregate.Kinds.of(config), Long.MIN_VALUE,
            1_000);
    private long offset;

    private void add(StoredEventBuilder e) {
        engine.add(LiveEvent.parse(e.bytes(), config), 0, offset++);
    }

    private static WindowSnapshot only(List<WindowSnapshot> closed, String window, long start) {
        return closed.stream().filter(w -> w.window().equals(window) && w.start() == start).findFirst().orElseThrow();
    }

    @Test
    void countsEveryMetricOfAWindowAndClosesItAtTheWatermark() {
        add(event("game", "session_start", T0 + 1_000).field("client_id", "p1"));
        add(event("game", "player_death", T0 + 2_000).field("client_id", "p1").field("level_id", "dust"));
        add(event("game", "player_death", T0 + 3_000).field("client_id", "p2").field("level_id", "dust"));
        add(event("game", "player_death", T0 + 3_500).field("client_id", "p2").field("level_id", "ice"));
        add(event("game", "iap_transaction", T0 + 4_000).field("client_id", "p2").field("currency", "USD")
                .field("price", 4.99));
        add(event("game", "iap_transaction", T0 + 5_000).field("client_id", "p3").field("currency", "USD")
                .field("price", 0.99));
        add(event("game", "crash", T0 + 6_000).field("client_id", "p3"));
        for (int fps = 1; fps <= 100; fps++) {
            add(event("game", "perf", T0 + 7_000).field("client_id", "p1").field("fps", fps));
        }
        assertThat(engine.advance()).isEmpty();
        assertThat(engine.openWindows("game", WindowSize.TEN_SECONDS)).singleElement()
                .satisfies(w -> assertThat(w.events()).isEqualTo(107));

        add(event("game", "perf", T0 + 15_000).field("client_id", "p9")); // watermark → T0 + 10 s
        List<WindowSnapshot> closed = engine.advance();

        WindowSnapshot w = only(closed, "10s", T0);
        assertThat(w.closed()).isTrue();
        assertThat(w.end()).isEqualTo(T0 + 10_000);
        assertThat(w.events()).isEqualTo(107);
        assertThat(w.eventsByType()).containsEntry("player_death", 3L).containsEntry("perf", 100L);
        assertThat(w.players()).isEqualTo(3);
        assertThat(w.sessionsStarted()).isEqualTo(1);
        assertThat(w.deathsByLevel()).isEqualTo(Map.of("dust", 2L, "ice", 1L));
        assertThat(w.purchasesByCurrency()).isEqualTo(Map.of("USD", 2L));
        assertThat(w.revenueByCurrency().get("USD")).isCloseTo(5.98, within(1e-9));
        assertThat(w.crashes()).isEqualTo(1);
        assertThat(w.fps().get("p50")).isCloseTo(50, within(3.0));
        assertThat(w.fps().get("count")).isEqualTo(100);
        assertThat(closed).noneMatch(x -> x.window().equals("1m"));
        assertThat(engine.watermark()).isEqualTo(T0 + 10_000);
    }

    @Test
    void lateEventsCountInTheirWindowWhileOpenAndAsLateAfterwards() {
        add(event("game", "a", T0 + 9_000));
        add(event("game", "a", T0 + 13_000)); // watermark T0 + 8 s: window [T0, T0+10s) still open
        assertThat(engine.advance()).isEmpty();
        add(event("game", "a", T0 + 2_000)); // late but within the allowed lateness: counted in its window
        add(event("game", "a", T0 + 16_000)); // watermark T0 + 11 s closes [T0, T0+10s)
        WindowSnapshot first = only(engine.advance(), "10s", T0);
        assertThat(first.events()).isEqualTo(2);
        assertThat(first.late()).isZero();

        add(event("game", "a", T0 + 3_000)); // its window is closed: counted as late in the newest window
        add(event("game", "a", T0 + 26_000)); // closes [T0+10s, T0+20s)
        WindowSnapshot second = only(engine.advance(), "10s", T0 + 10_000);
        assertThat(second.events()).isEqualTo(2);
        assertThat(second.late()).isEqualTo(1);
        // The minute window was open all along, so the 10-s-late event counted there normally.
        assertThat(engine.openWindows("game", WindowSize.ONE_MINUTE)).singleElement()
                .satisfies(m -> assertThat(m.events()).isEqualTo(6));
    }

    @Test
    void distinctPlayersStayWithinTheSketchErrorBound() {
        int players = 50_000;
        for (int i = 0; i < players * 2; i++) {
            add(event("game", "tick", T0 + 100 + (i % 9_000)).field("client_id", "player-" + (i % players)));
        }
        add(event("game", "tick", T0 + 20_000));
        WindowSnapshot w = only(engine.advance(), "10s", T0);
        // lgK 12: relative standard error 1.6%; 3 standard errors ≈ 5%.
        assertThat((double) w.players()).isCloseTo(players, within(players * 0.05));
    }

    @Test
    void offsetsAreCommittableOnlyBelowEventsOfOpenWindows() {
        add(event("game", "a", T0 + 1_000)); // offset 0, window W1
        add(event("game", "a", T0 + 11_000)); // offset 1, window W2
        assertThat(engine.committable()).isEqualTo(Map.of(0, 0L));
        add(event("game", "a", T0 + 70_000)); // offset 2: closes W1, W2 and the first minute
        engine.advance();
        assertThat(engine.committable()).isEqualTo(Map.of(0, 2L));
    }

    @Test
    void idleStreamsCloseWindowsByTheClock() {
        add(event("game", "a", T0 + 1_000));
        assertThat(engine.advanceIdle(T0 + 14_000)).isEmpty();
        assertThat(engine.advanceIdle(T0 + 15_000)).extracting(WindowSnapshot::window).containsExactly("10s");
    }

    @Test
    void appsAreCountedSeparately() {
        add(event("a1", "x", T0 + 1_000));
        add(event("a2", "x", T0 + 1_000));
        add(event("a2", "x", T0 + 2_000));
        assertThat(engine.openWindows("a1", WindowSize.TEN_SECONDS).getFirst().events()).isEqualTo(1);
        assertThat(engine.openWindows("a2", WindowSize.TEN_SECONDS).getFirst().events()).isEqualTo(2);
    }

    @Test
    void anEventReadTwiceCountsOnceInBothWindowSizes() {
        StoredEventBuilder e = event("game", "crash", T0 + 1_000).field("client_id", "p1");
        add(e);
        add(e);
        add(event("game", "crash", T0 + 2_000).field("client_id", "p1"));
        assertThat(engine.openWindows("game", WindowSize.TEN_SECONDS).getFirst().crashes()).isEqualTo(2);
        assertThat(engine.openWindows("game", WindowSize.ONE_MINUTE).getFirst().events()).isEqualTo(2);
    }

    @Test
    void deduplicationStopsAtItsCapInsteadOfGrowingWithoutBound() {
        for (int i = 0; i < 1_200; i++) {
            add(event("game", "tick", T0 + 1_000));
        }
        StoredEventBuilder e = event("game", "tick", T0 + 1_000);
        add(e);
        add(e); // the minute already remembers 1 000 ids (the cap): this one is no longer recognised
        assertThat(engine.openWindows("game", WindowSize.ONE_MINUTE).getFirst().events()).isEqualTo(1_202);
    }
}
