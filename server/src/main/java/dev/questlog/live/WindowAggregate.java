package dev.questlog.live;

import dev.questlog.config.LiveConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The running metrics of one app in one open window. Mutated by the aggregating thread only; {@link #snapshot} is
 * called under the engine's lock.
 */
final class WindowAggregate {
    /** lgK 12: 4096 registers, ~1.6% relative standard error, a few KiB per window. */
    private static final int HLL_LG_K = 12;

    private final String app;
    private final WindowSize size;
    private final long start;
    private final Kinds kinds;
    private long events;
    private final Map<String, Long> byType = new HashMap<>();
    private final HllSketch players = new HllSketch(HLL_LG_K);
    private long sessions;
    private final Map<String, Long> deaths = new HashMap<>();
    private final Map<String, Long> purchases = new HashMap<>();
    private final Map<String, Double> revenue = new HashMap<>();
    private long crashes;
    private final KllDoublesSketch fps = KllDoublesSketch.newHeapInstance();
    private long late;
    /** Lowest stream offset per partition that contributed: the window holds back offset commits below it. */
    private final Map<Integer, Long> minOffsets = new HashMap<>();

    /** Which event types count as what, from the configuration. */
    record Kinds(Set<String> sessionStart, Set<String> death, Set<String> purchase, Set<String> crash) {
        static Kinds of(LiveConfig c) {
            return new Kinds(Set.copyOf(c.sessionStartTypes()), Set.copyOf(c.deathTypes()),
                    Set.copyOf(c.purchaseTypes()), Set.copyOf(c.crashTypes()));
        }
    }

    WindowAggregate(String app, WindowSize size, long start, Kinds kinds) {
        this.app = app;
        this.size = size;
        this.start = start;
        this.kinds = kinds;
    }

    long end() {
        return start + size.millis();
    }

    void add(LiveEvent e, int partition, long offset) {
        events++;
        byType.merge(e.type(), 1L, Long::sum);
        if (e.clientId() != null) {
            players.update(e.clientId());
        }
        if (kinds.sessionStart().contains(e.type())) {
            sessions++;
        }
        if (kinds.death().contains(e.type())) {
            deaths.merge(e.levelId() == null ? "" : e.levelId(), 1L, Long::sum);
        }
        if (kinds.purchase().contains(e.type())) {
            String currency = e.currency() == null ? "" : e.currency();
            purchases.merge(currency, 1L, Long::sum);
            if (!Double.isNaN(e.amount())) {
                revenue.merge(currency, e.amount(), Double::sum);
            }
        }
        if (kinds.crash().contains(e.type())) {
            crashes++;
        }
        if (!Double.isNaN(e.fps())) {
            fps.update(e.fps());
        }
        holdOffset(partition, offset);
    }

    void late(int partition, long offset) {
        late++;
        holdOffset(partition, offset);
    }

    private void holdOffset(int partition, long offset) {
        if (partition >= 0) {
            minOffsets.merge(partition, offset, Math::min);
        }
    }

    Map<Integer, Long> minOffsets() {
        return minOffsets;
    }

    WindowSnapshot snapshot(boolean closed) {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        if (!fps.isEmpty()) {
            quantiles.put("count", (double) fps.getN());
            quantiles.put("p50", fps.getQuantile(0.50));
            quantiles.put("p90", fps.getQuantile(0.90));
            quantiles.put("p99", fps.getQuantile(0.99));
        }
        return new WindowSnapshot(app, size.label(), start, end(), closed, events, byType,
                Math.round(players.getEstimate()), sessions, deaths, purchases, revenue, crashes, quantiles, late);
    }
}
