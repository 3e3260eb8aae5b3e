package dev.questlog.app;

import dev.questlog.live.WindowSnapshot;
import dev.questlog.live.WindowStore;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.SideTable;
import dev.questlog.warehouse.SideTable.Column;
import dev.questlog.warehouse.SideTable.Type;
import dev.questlog.warehouse.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link WindowStore} as the warm engine's side table {@code live_metrics}: one row per closed window with typed
 * columns for analysts' SQL ({@code SELECT … FROM live_metrics}, scoped to their app) and the whole snapshot as JSON
 * text, from which {@link #recent} rebuilds it exactly. It lives in the app assembly because it joins two stages:
 * {@code live} does not know the warehouse.
 *
 * <p>Thread-safety: as the warehouse (appends are serialized there; reads run on their own connections). Appends are
 * durable when they return (one transaction). The warehouse is owned and closed by the app, not by this store.
 */
final class WarehouseWindowStore implements WindowStore {
    static final SideTable TABLE = new SideTable("live_metrics", List.of(
            new Column("window_size", Type.VARCHAR), new Column("window_start", Type.TIMESTAMP),
            new Column("window_end", Type.TIMESTAMP), new Column("events", Type.BIGINT),
            new Column("active_players", Type.BIGINT), new Column("sessions_started", Type.BIGINT),
            new Column("deaths", Type.BIGINT), new Column("purchases", Type.BIGINT),
            new Column("crashes", Type.BIGINT), new Column("fps_p50", Type.DOUBLE),
            new Column("fps_p99", Type.DOUBLE), new Column("late", Type.BIGINT),
            new Column("snapshot", Type.VARCHAR)));

    private final Warehouse warehouse;
    private final Supplier<? extends Collection<String>> apps;

    private WarehouseWindowStore(Warehouse warehouse, Supplier<? extends Collection<String>> apps) {
        this.warehouse = warehouse;
        this.apps = apps;
    }

    /**
     * Creates {@code live_metrics} if needed and registers it for queries.
     *
     * @param apps the apps whose windows {@link #recent} reloads (the registered apps: an app's windows may be
     *             persisted before any of its events reach the warm tier)
     */
    static WarehouseWindowStore open(Warehouse warehouse, Supplier<? extends Collection<String>> apps) {
        warehouse.ensureTable(TABLE);
        return new WarehouseWindowStore(warehouse, apps);
    }

    @Override
    public void append(List<WindowSnapshot> closed) {
        if (!closed.isEmpty()) {
            warehouse.insert(TABLE.name(), closed.stream().map(WarehouseWindowStore::row).toList());
        }
    }

    static List<Object> row(WindowSnapshot w) {
        return Arrays.asList(w.app(), w.window(), Instant.ofEpochMilli(w.start()), Instant.ofEpochMilli(w.end()),
                w.events(), w.players(), w.sessionsStarted(), sum(w.deathsByLevel().values()),
                sum(w.purchasesByCurrency().values()), w.crashes(), w.fps().get("p50"), w.fps().get("p99"), w.late(),
                w.toJson());
    }

    private static long sum(Collection<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public List<WindowSnapshot> recent(int perAppAndWindow) {
        if (perAppAndWindow < 1) {
            throw new IllegalArgumentException("perAppAndWindow must be >= 1, was " + perAppAndWindow);
        }
        // Newest n per window size; both engines support window functions in a read-only query.
        String sql = "SELECT snapshot FROM (SELECT snapshot, row_number() OVER (PARTITION BY window_size ORDER BY "
                + "window_end DESC) AS newest FROM live_metrics) AS w WHERE newest <= " + perAppAndWindow;
        List<WindowSnapshot> out = new ArrayList<>();
        for (String app : apps.get()) {
            QueryResult r = warehouse.query(app, sql);
            for (List<Object> row : r.rows()) {
                out.add(WindowSnapshot.fromJson((String) row.get(0)));
            }
        }
        out.sort(Comparator.comparingLong(WindowSnapshot::end));
        return out;
    }

    @Override
    public void close() {
        // The warehouse belongs to the app assembly, which closes it after the live stage.
    }
}
