package dev.questlog.heatmap;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a designer asks for: which events, on which level, in which time range, binned how, shown in which mode.
 *
 * @param app           the app whose events are counted (from the caller's key)
 * @param level         the {@code level_id}
 * @param eventTypes    event types counted (in BALANCE mode: the positive side, e.g. {@code player_kill})
 * @param versusTypes   BALANCE only: the negative side (e.g. {@code player_death}); empty otherwise
 * @param from          inclusive lower bound on event time, if any
 * @param to            exclusive upper bound on event time, if any
 * @param appVersion    only this build (in COMPARE mode: build A)
 * @param versusVersion COMPARE only: build B
 * @param trust         only {@code server} or {@code client} events, if given
 * @param attributes    attribute equality filters, e.g. {@code weapon=rifle}
 * @param shape         hexagons or squares
 * @param binSize       bin size in world units; empty chooses one from the level's size
 * @param mode          count, balance or compare
 */
public record HeatmapRequest(String app, String level, List<String> eventTypes, List<String> versusTypes,
                             Optional<Instant> from, Optional<Instant> to, Optional<String> appVersion,
                             Optional<String> versusVersion, Optional<String> trust, Map<String, String> attributes,
                             BinShape shape, Optional<Double> binSize, Mode mode) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public HeatmapRequest {
        Objects.requireNonNull(app, "app");
        require(level != null && !level.isBlank(), "level: required");
        eventTypes = List.copyOf(eventTypes);
        versusTypes = List.copyOf(versusTypes);
        attributes = Map.copyOf(attributes);
        require(!eventTypes.isEmpty(), "event_type: at least one is required");
        eventTypes.forEach(t -> require(NAME.matcher(t).matches(), "event_type: must match [A-Za-z0-9_.-]{1,64}, was \"" + t + "\""));
        versusTypes.forEach(t -> require(NAME.matcher(t).matches(), "versus: must match [A-Za-z0-9_.-]{1,64}, was \"" + t + "\""));
        attributes.keySet().forEach(k -> require(NAME.matcher(k).matches(), "attribute name must match [A-Za-z0-9_.-]{1,64}, was \"" + k + "\""));
        trust.ifPresent(t -> require(t.equals("server") || t.equals("client"), "trust: must be server or client, was \"" + t + "\""));
        binSize.ifPresent(s -> require(s > 0 && Double.isFinite(s), "bin_size: must be a positive number of world units, was " + s));
        if (from.isPresent() && to.isPresent()) {
            require(from.get().isBefore(to.get()), "from must be before to, were " + from.get() + " and " + to.get());
        }
        switch (mode) {
            case BALANCE -> require(!versusTypes.isEmpty(), "balance mode needs versus event types (e.g. versus=player_death)");
            case COMPARE -> require(appVersion.isPresent() && versusVersion.isPresent(),
                    "compare mode needs app_version (build A) and versus_version (build B)");
            case COUNT -> require(versusTypes.isEmpty() && versusVersion.isEmpty(),
                    "versus and versus_version only apply to balance and compare modes");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A plain count of {@code eventType} on {@code level}, hexagons, auto bin size, all time. */
    public static HeatmapRequest count(String app, String level, String eventType) {
        return new HeatmapRequest(app, level, List.of(eventType), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), BinShape.HEX, Optional.empty(),
                Mode.COUNT);
    }

    public HeatmapRequest withShape(BinShape s) {
        return new HeatmapRequest(app, level, eventTypes, versusTypes, from, to, appVersion, versusVersion, trust,
                attributes, s, binSize, mode);
    }

    public HeatmapRequest withBinSize(double size) {
        return new HeatmapRequest(app, level, eventTypes, versusTypes, from, to, appVersion, versusVersion, trust,
                attributes, shape, Optional.of(size), mode);
    }
}
