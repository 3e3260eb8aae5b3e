package dev.questlog.heatmap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns named parameters — the query string of {@code GET /v1/heatmap}, or the options of {@code ./questlog heatmap}
 * — into a {@link HeatmapRequest}. Names: {@code level, event_type (repeatable or comma-separated), versus, from,
 * to, app_version, versus_version, trust, bins, bin_size, mode, attr.<name>}. Times are ISO-8601 instants, dates
 * ({@code 2026-11-22}, midnight UTC) or epoch milliseconds. Errors are {@link IllegalArgumentException}s naming the
 * parameter.
 */
public final class HeatmapParams {
    private HeatmapParams() {
    }

    public static HeatmapRequest parse(String app, Map<String, List<String>> params) {
        Map<String, String> attributes = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("attr.") && !v.isEmpty()) {
                attributes.put(k.substring("attr.".length()), v.getLast());
            }
        });
        String level = one(params, "level").orElseThrow(() -> new IllegalArgumentException("level: required"));
        return new HeatmapRequest(app, level, list(params, "event_type"), list(params, "versus"),
                one(params, "from").map(v -> time("from", v)), one(params, "to").map(v -> time("to", v)),
                one(params, "app_version"), one(params, "versus_version"), one(params, "trust"), attributes,
                BinShape.parse(one(params, "bins").orElse("hex")),
                one(params, "bin_size").map(v -> number("bin_size", v)), Mode.parse(one(params, "mode").orElse("count")));
    }

    private static Optional<String> one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.getLast().isBlank() ? Optional.empty() : Optional.of(v.getLast().strip());
    }

    private static List<String> list(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    static Instant time(String name, String v) {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be an ISO-8601 time, a date (yyyy-mm-dd) or epoch "
                    + "milliseconds, was \"" + v + "\"");
        }
    }

    private static double number(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a number, was \"" + v + "\"");
        }
    }
}
