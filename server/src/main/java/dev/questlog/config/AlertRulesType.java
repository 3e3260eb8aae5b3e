package dev.questlog.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code live.alerts.rules}: a YAML list of maps (or, in an environment variable, the same as JSON text).
 * Every rule's keys are checked; unknown keys are errors like everywhere else in the configuration.
 */
final class AlertRulesType implements SettingType<List<AlertRule>> {
    private static final Set<String> KEYS = Set.of("name", "metric", "filter", "window", "comparison", "threshold",
            "cooldown");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<AlertRule> parse(JsonNode node) {
        if (node.isTextual()) {
            return parseText(node.asText());
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("expected a list of rules");
        }
        List<AlertRule> rules = new ArrayList<>();
        for (JsonNode r : node) {
            rules.add(rule(r));
        }
        if (rules.stream().map(AlertRule::name).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("rule names must be unique");
        }
        return List.copyOf(rules);
    }

    private static AlertRule rule(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("each rule must be a map, was " + r);
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown rule key '" + k + "'; allowed: " + KEYS);
            }
        }
        Map<String, String> filter = new LinkedHashMap<>();
        r.path("filter").properties().forEach(e -> filter.put(e.getKey(), e.getValue().asText()));
        Duration window = Units.parseDuration(r.path("window").asText("1m"));
        Duration cooldown = Units.parseDuration(r.path("cooldown").asText("5m"));
        if (!r.path("threshold").isNumber() && !r.path("threshold").isTextual()) {
            throw new IllegalArgumentException("rule " + r.path("name").asText() + " needs a numeric threshold");
        }
        double threshold;
        try {
            threshold = Double.parseDouble(r.path("threshold").asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold must be a number, was " + r.path("threshold"));
        }
        return new AlertRule(r.path("name").asText(null), r.path("metric").asText(null), filter, window,
                AlertRule.Comparison.parse(r.path("comparison").asText(">")), threshold, cooldown);
    }

    @Override
    public List<AlertRule> parseText(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        try {
            return parse(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON list of rules: " + e.getOriginalMessage());
        }
    }

    @Override
    public String render(List<AlertRule> value) {
        List<String> out = new ArrayList<>();
        for (AlertRule r : value) {
            out.add("{name: " + r.name() + ", metric: " + r.metric() + ", filter: " + yamlMap(r.filter()) + ", window: "
                    + Units.formatDuration(r.window()) + ", comparison: '" + r.comparison().symbol() + "', threshold: "
                    + r.threshold() + ", cooldown: " + Units.formatDuration(r.cooldown()) + "}");
        }
        return "[" + String.join(", ", out) + "]";
    }

    private static String yamlMap(Map<String, String> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + ": " + v));
        return "{" + String.join(", ", parts) + "}";
    }

    @Override
    public String allowed() {
        return "a list of rules {name, metric (" + String.join("|", new java.util.TreeSet<>(AlertRule.METRICS))
                + "), filter {app|event_type|level|currency: value}, window (10s|1m), comparison (>|>=|<|<=|==|!=),"
                + " threshold, cooldown}";
    }
}
