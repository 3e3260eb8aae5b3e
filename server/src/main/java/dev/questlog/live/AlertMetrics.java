package dev.questlog.live;

import java.util.Map;

/** Reads an alert rule's metric, restricted by its filter, from a window. Stateless. */
final class AlertMetrics {
    private AlertMetrics() {
    }

    /** The value, or NaN when the window has none (e.g. fps quantiles without fps samples): NaN never fires. */
    static double value(String metric, Map<String, String> filter, WindowSnapshot w) {
        return switch (metric) {
            case "events" -> filter.containsKey("event_type")
                    ? w.eventsByType().getOrDefault(filter.get("event_type"), 0L) : w.events();
            case "players" -> w.players();
            case "sessions_started" -> w.sessionsStarted();
            case "deaths" -> filtered(w.deathsByLevel(), filter.get("level"));
            case "purchases" -> filtered(w.purchasesByCurrency(), filter.get("currency"));
            case "revenue" -> filter.containsKey("currency")
                    ? w.revenueByCurrency().getOrDefault(filter.get("currency"), 0.0)
                    : w.revenueByCurrency().values().stream().mapToDouble(Double::doubleValue).sum();
            case "crashes" -> w.crashes();
            case "fps_p50" -> w.fps().getOrDefault("p50", Double.NaN);
            case "fps_p90" -> w.fps().getOrDefault("p90", Double.NaN);
            case "fps_p99" -> w.fps().getOrDefault("p99", Double.NaN);
            case "late" -> w.late();
            default -> throw new IllegalArgumentException("unknown metric '" + metric + "'");
        };
    }

    private static double filtered(Map<String, Long> byKey, String key) {
        return key != null ? byKey.getOrDefault(key, 0L) : byKey.values().stream().mapToLong(Long::longValue).sum();
    }
}
