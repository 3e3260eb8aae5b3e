package dev.questlog.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Test kit for events: a fixed clock, a parser on it, and builders of event JSON with overrides. Reuse it instead of
 * writing event JSON by hand, e.g. {@code EventFixtures.event().id(7).set("level_id", "\"arena\"").json()}.
 */
public final class EventFixtures {
    /** The server clock of every fixture. */
    public static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    public static final InstantSource CLOCK = InstantSource.fixed(NOW);
    /** A valid event_timestamp: one minute before {@link #NOW}. */
    public static final long TIMESTAMP = NOW.toEpochMilli() - 60_000;
    /** The talk's sample event id. */
    public static final String EVENT_ID = "4e96de3b-2bb5-4aca-b631-f3827317d90a";
    public static final String CLIENT_ID = "b2228ae9-10a3-4dc6-bfda-53591d34d065";

    private EventFixtures() {
    }

    /** A parser with default limits on {@link #CLOCK}. */
    public static EventParser parser() {
        return new EventParser(ParserLimits.defaults(), CLOCK);
    }

    /** The sample event of PRODUCT.md (timestamp moved to {@link #TIMESTAMP}), in its field order. */
    public static Builder event() {
        return new Builder()
                .set("event_version", "\"1.0\"")
                .set("event_id", quote(EVENT_ID))
                .set("event_timestamp", Long.toString(TIMESTAMP))
                .set("event_type", "\"player_death\"")
                .set("app_name", "\"game_name\"")
                .set("app_version", "\"1.0\"")
                .set("client_id", quote(CLIENT_ID))
                .set("level_id", "\"map_name\"")
                .set("position_x", "78.35")
                .set("position_y", "39.192");
    }

    /** Only the required fields. */
    public static Builder minimal() {
        return new Builder()
                .set("event_id", quote(EVENT_ID))
                .set("event_type", "\"match_start\"")
                .set("event_timestamp", Long.toString(TIMESTAMP));
    }

    /** A deterministic, distinct valid UUID for each {@code n}. */
    public static String uuid(long n) {
        return String.format("00000000-0000-4000-8000-%012x", n);
    }

    /** The sample event as parsed. */
    public static Event sampleEvent() {
        return EventJson.read(event().bytes());
    }

    public static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    public static String envelope(String... events) {
        return "{\"events\":" + array(events) + "}";
    }

    public static String ndjson(String... events) {
        return String.join("\n", events) + "\n";
    }

    /** {@code n} valid events with ids {@code uuid(0..n-1)} as a JSON array. */
    public static String arrayOf(int n) {
        return IntStream.range(0, n).mapToObj(i -> event().id(i).json()).collect(Collectors.joining(",", "[", "]"));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String quote(String s) {
        return Json.quote(s);
    }

    /** Event JSON with fields in insertion order; values are raw JSON text. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();

        /** Sets (or replaces, keeping its place) a field to raw JSON text, e.g. {@code "\"x\""} or {@code "1.50"}. */
        public Builder set(String name, String rawJson) {
            fields.put(name, rawJson);
            return this;
        }

        public Builder string(String name, String value) {
            return set(name, quote(value));
        }

        public Builder number(String name, long value) {
            return set(name, Long.toString(value));
        }

        public Builder without(String name) {
            fields.remove(name);
            return this;
        }

        public Builder id(long n) {
            return set("event_id", quote(uuid(n)));
        }

        public Builder type(String eventType) {
            return string("event_type", eventType);
        }

        public Builder timestamp(long epochMillis) {
            return number("event_timestamp", epochMillis);
        }

        public String json() {
            return fields.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }

        public byte[] bytes() {
            return utf8(json());
        }

        @Override
        public String toString() {
            return json();
        }
    }
}
