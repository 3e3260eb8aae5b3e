package dev.questlog.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One live alert rule: when a closed window's {@code metric} (restricted by {@code filter}) compares true against
 * {@code threshold}, the alert fires, at most once per {@code cooldown} per app.
 *
 * @param name       unique, shown in alerts and the webhook body
 * @param metric     one of {@link #METRICS}
 * @param filter     keys {@code app}, {@code event_type}, {@code level}, {@code currency} (which apply depends on
 *                   the metric: event_type for events, level for deaths, currency for purchases and revenue)
 * @param window     10s or 1m: which tumbling window the rule watches
 * @param comparison how the value is compared with the threshold
 * @param threshold  the value compared against
 * @param cooldown   after firing for an app, the rule stays quiet this long for that app (injected clock)
 */
public record AlertRule(String name, String metric, Map<String, String> filter, Duration window,
                        Comparison comparison, double threshold, Duration cooldown) {

    public static final Set<String> METRICS = Set.of("events", "players", "sessions_started", "deaths", "purchases",
            "revenue", "crashes", "fps_p50", "fps_p90", "fps_p99", "late");
    public static final Set<String> FILTER_KEYS = Set.of("app", "event_type", "level", "currency");
    public static final Set<Duration> WINDOWS = Set.of(Duration.ofSeconds(10), Duration.ofMinutes(1));

    public AlertRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("alert rule name must not be blank, was '" + name + "'");
        }
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("alert rule " + name + ": unknown metric '" + metric + "'; allowed: "
                    + new java.util.TreeSet<>(METRICS));
        }
        filter = Map.copyOf(filter == null ? Map.of() : filter);
        for (String k : filter.keySet()) {
            if (!FILTER_KEYS.contains(k)) {
                throw new IllegalArgumentException("alert rule " + name + ": unknown filter key '" + k
                        + "'; allowed: " + FILTER_KEYS);
            }
        }
        if (!WINDOWS.contains(window)) {
            throw new IllegalArgumentException("alert rule " + name + ": window must be 10s or 1m, was " + window);
        }
        Objects.requireNonNull(comparison, "comparison");
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("alert rule " + name + ": cooldown must be >= 0, was " + cooldown);
        }
    }

    /** How a value is compared with the threshold. */
    public enum Comparison {
        GT(">"), GTE(">="), LT("<"), LTE("<="), EQ("=="), NE("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GTE -> value >= threshold;
                case LT -> value < threshold;
                case LTE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }

        /** Accepts the symbol ({@code >}) or the name ({@code gt}). */
        public static Comparison parse(String text) {
            for (Comparison c : values()) {
                if (c.symbol.equals(text.strip()) || c.name().equalsIgnoreCase(text.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("comparison must be one of >, >=, <, <=, ==, != (or gt, gte, lt, lte,"
                    + " eq, ne), was '" + text + "'");
        }
    }
}
