package dev.questlog.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.live.WindowSnapshot;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Closed windows in the warm engine's live_metrics table: exact round trip, newest n, app scoping. Run against
 * every engine ({@link WarehouseWindowStoreTest} on DuckDB, {@link WarehouseWindowStorePostgresIT}).
 */
abstract class WarehouseWindowStoreContract {
    private static final long T0 = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();

    private static WindowSnapshot window(String app, String size, long start, Random rnd) {
        long length = size.equals("10s") ? 10_000 : 60_000;
        return new WindowSnapshot(app, size, start, start + length, true, rnd.nextInt(1000),
                Map.of("tick", (long) rnd.nextInt(500), "crash", 2L), rnd.nextInt(100), rnd.nextInt(10),
                Map.of("dust", 3L, "", 1L), Map.of("USD", 2L), Map.of("USD", rnd.nextDouble() * 100),
                2, rnd.nextBoolean() ? Map.of() : Map.of("count", 9.0, "p50", 30.5, "p90", 55.0, "p99", 59.0),
                rnd.nextInt(3));
    }

    /** Opens the engine on the same database each time it is called within one test. */
    protected abstract Warehouse open();

    @Test
    void recentRebuildsTheNewestSnapshotsExactlyPerAppAndWindowAfterReopening() {
        Random rnd = new Random(9);
        List<WindowSnapshot> written = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (String app : List.of("alpha", "beta")) {
                written.add(window(app, "10s", T0 + i * 10_000L, rnd));
                written.add(window(app, "1m", T0 + i * 60_000L, rnd));
            }
        }
        try (Warehouse w = open()) {
            WarehouseWindowStore store = WarehouseWindowStore.open(w, () -> List.of("alpha", "beta"));
            store.append(written.subList(0, 16));
            store.append(written.subList(16, written.size()));
        }
        try (Warehouse w = open()) {
            WarehouseWindowStore store = WarehouseWindowStore.open(w, () -> List.of("alpha", "beta", "gamma"));
            List<WindowSnapshot> recent = store.recent(3);
            List<WindowSnapshot> expected = written.stream()
                    .filter(s -> s.start() >= T0 + 5 * (s.window().equals("10s") ? 10_000L : 60_000L))
                    .sorted(java.util.Comparator.comparingLong(WindowSnapshot::end)).toList();
            assertThat(recent).hasSize(12).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(recent).isSortedAccordingTo(java.util.Comparator.comparingLong(WindowSnapshot::end));
        }
    }

    @Test
    void typedColumnsAreQueryableAndScopedToTheApp() {
        try (Warehouse w = open()) {
            WarehouseWindowStore store = WarehouseWindowStore.open(w, () -> List.of("alpha", "beta"));
            WindowSnapshot a = window("alpha", "10s", T0, new Random(1));
            store.append(List.of(a, window("beta", "10s", T0, new Random(2))));
            QueryResult r = w.query("alpha", "SELECT app, window_size, events, active_players, deaths, purchases, "
                    + "crashes, late FROM live_metrics");
            assertThat(r.rows()).hasSize(1);
            assertThat(r.rows().get(0).subList(0, 2)).containsExactly("alpha", "10s");
            assertThat(r.rows().get(0).subList(2, 8).stream().map(v -> ((Number) v).longValue()).toList())
                    .containsExactly(a.events(), a.players(), 4L, 2L, 2L, a.late());
        }
    }
}
