package dev.questlog.event;

import static dev.questlog.event.EventFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation table: one event per row with the exact outcome expected. Every row is parsed three ways — as the
 * only element of a JSON array, as an NDJSON line, and inside {@code {"events":[…]}} between two valid neighbours —
 * and must give the same outcome each time (and leave the neighbours valid).
 */
class EventParserTest {
    private static final String OK = "OK";
    /** The event object is level 1, so an attribute of 31 nested objects makes an event 32 deep. */
    private static final String NESTED_31 = nested(31);
    private static final String NESTED_32 = nested(32);
    private static final String TYPE_64 = "t".repeat(64);
    private static final String TYPE_65 = "t".repeat(65);
    private static final long DAY = 86_400_000L;

    static Stream<Arguments> table() {
        return Stream.of(
                // valid
                row("the talk's sample", event(), OK, null),
                row("only required fields", minimal(), OK, null),
                row("upper-case UUID", event().set("event_id", "\"4E96DE3B-2BB5-4ACA-B631-F3827317D90A\""), OK, null),
                row("nil UUID (any version)", event().set("event_id",
                        "\"00000000-0000-0000-0000-000000000000\""), OK, null),
                row("every allowed type char", event().type("a.B-c_9"), OK, null),
                row("type of 64 chars", event().type(TYPE_64), OK, null),
                row("escaped type that decodes to a valid one", event().set("event_type", "\"\\u0061bc\""), OK, null),
                row("null optional fields are absent", event().set("level_id", "null").set("position_x", "null")
                        .set("sent_at", "null"), OK, null),
                row("integer, negative and exponent positions", event().set("position_x", "-5")
                        .set("position_y", "1e3").set("position_z", "-0.0"), OK, null),
                row("sent_at", event().number("sent_at", TIMESTAMP + 5), OK, null),
                row("timestamp exactly 30d old", event().timestamp(NOW.toEpochMilli() - 30 * DAY), OK, null),
                row("timestamp exactly 1d ahead", event().timestamp(NOW.toEpochMilli() + DAY), OK, null),
                row("nesting of 32 levels", event().set("deep", NESTED_31), OK, null),
                row("attributes of every JSON type", event().set("s", "\"caf\\u00e9 \\\"q\\\"\"").set("n", "1.50")
                        .set("b", "true").set("z", "null").set("o", "{ }").set("a", "[ ]"), OK, null),
                row("unicode text", event().string("player", "Zoë 🐉 名前"), OK, null),
                row("whitespace around tokens", " { \"event_id\" : \"" + EVENT_ID + "\" ,\t\"event_type\":\"x\" , "
                        + "\"event_timestamp\" : " + TIMESTAMP + " } ", OK, null),
                row("nested duplicates are kept as text", event().set("o", "{\"k\":1,\"k\":2}"), OK, null),
                // event_id
                row("missing event_id", event().without("event_id"), "event_id: missing", "event_id"),
                row("event_id not a UUID", event().string("event_id", "abc"), "event_id: not a UUID: \"abc\"",
                        "event_id"),
                row("event_id a number", event().set("event_id", "5"), "event_id: must be a string, was 5",
                        "event_id"),
                row("event_id null", event().set("event_id", "null"), "event_id: must be a string, was null",
                        "event_id"),
                row("event_id in braces", event().string("event_id", "{" + EVENT_ID + "}"),
                        "event_id: not a UUID: \"{" + EVENT_ID + "}\"", "event_id"),
                row("event_id without hyphens", event().string("event_id", EVENT_ID.replace("-", "")),
                        "event_id: not a UUID: \"" + EVENT_ID.replace("-", "") + "\"", "event_id"),
                row("event_id with a non-hex digit", event().string("event_id", "g" + EVENT_ID.substring(1)),
                        "event_id: not a UUID: \"g" + EVENT_ID.substring(1) + "\"", "event_id"),
                // event_type
                row("missing event_type", event().without("event_type"), "event_type: missing", "event_type"),
                row("event_type with a space and !", event().type("bad type!"),
                        "event_type: must match [A-Za-z0-9_.-]{1,64}, was \"bad type!\"", "event_type"),
                row("empty event_type", event().type(""), "event_type: must match [A-Za-z0-9_.-]{1,64}, was \"\"",
                        "event_type"),
                row("event_type of 65 chars", event().type(TYPE_65),
                        "event_type: must match [A-Za-z0-9_.-]{1,64}, was \"" + TYPE_65 + "\"", "event_type"),
                row("event_type with a newline", event().set("event_type", "\"a\\nb\""),
                        "event_type: must match [A-Za-z0-9_.-]{1,64}, was \"a\\nb\"", "event_type"),
                row("event_type a number", event().set("event_type", "5"), "event_type: must be a string, was 5",
                        "event_type"),
                // event_timestamp
                row("missing event_timestamp", event().without("event_timestamp"), "event_timestamp: missing",
                        "event_timestamp"),
                row("event_timestamp a word", event().string("event_timestamp", "yesterday"),
                        "event_timestamp: must be epoch milliseconds (an integer), was \"yesterday\"",
                        "event_timestamp"),
                row("event_timestamp a numeric string", event().string("event_timestamp", "" + TIMESTAMP),
                        "event_timestamp: must be epoch milliseconds (an integer), was \"" + TIMESTAMP + "\"",
                        "event_timestamp"),
                row("event_timestamp with a fraction", event().set("event_timestamp", TIMESTAMP + ".5"),
                        "event_timestamp: must be epoch milliseconds (an integer), was " + TIMESTAMP + ".5",
                        "event_timestamp"),
                row("event_timestamp in exponent form", event().set("event_timestamp", "1.7e12"),
                        "event_timestamp: must be epoch milliseconds (an integer), was 1.7e12", "event_timestamp"),
                row("event_timestamp beyond a long", event().set("event_timestamp", "99999999999999999999"),
                        "event_timestamp: must be epoch milliseconds (an integer), was 99999999999999999999",
                        "event_timestamp"),
                row("event_timestamp null", event().set("event_timestamp", "null"),
                        "event_timestamp: must be epoch milliseconds (an integer), was null", "event_timestamp"),
                row("event_timestamp in 1999", event().timestamp(915_148_800_000L),
                        "event_timestamp: 1999-01-01T00:00:00Z is more than 30d in the past", "event_timestamp"),
                row("event_timestamp 30d and 1ms old", event().timestamp(NOW.toEpochMilli() - 30 * DAY - 1),
                        "event_timestamp: 2025-12-16T11:59:59.999Z is more than 30d in the past", "event_timestamp"),
                row("event_timestamp 1d and 1ms ahead", event().timestamp(NOW.toEpochMilli() + DAY + 1),
                        "event_timestamp: 2026-01-16T12:00:00.001Z is more than 1d in the future", "event_timestamp"),
                row("event_timestamp in seconds, not ms", event().timestamp(NOW.getEpochSecond()),
                        "event_timestamp: 1970-01-21T11:14:38.400Z is more than 30d in the past", "event_timestamp"),
                // other envelope fields
                row("position_x a string", event().string("position_x", "abc"),
                        "position_x: must be a number, was \"abc\"", "position_x"),
                row("position_y a boolean", event().set("position_y", "true"), "position_y: must be a number, was true",
                        "position_y"),
                row("position_z overflowing a double", event().set("position_z", "1e400"),
                        "position_z: must be a finite number, was 1e400", "position_z"),
                row("level_id a number", event().set("level_id", "5"), "level_id: must be a string, was 5",
                        "level_id"),
                row("app_name an object", event().set("app_name", "{ \"a\" : 1 }"),
                        "app_name: must be a string, was {\"a\":1}", "app_name"),
                row("client_id an array", event().set("client_id", "[1, 2]"), "client_id: must be a string, was [1,2]",
                        "client_id"),
                row("session_id a boolean", event().set("session_id", "false"),
                        "session_id: must be a string, was false", "session_id"),
                row("app_version a number", event().set("app_version", "1.0"),
                        "app_version: must be a string, was 1.0", "app_version"),
                row("event_version a number", event().set("event_version", "2"),
                        "event_version: must be a string, was 2", "event_version"),
                row("sent_at a word", event().string("sent_at", "now"),
                        "sent_at: must be epoch milliseconds (an integer), was \"now\"", "sent_at"),
                row("sent_at with a fraction", event().set("sent_at", "1.5"),
                        "sent_at: must be epoch milliseconds (an integer), was 1.5", "sent_at"),
                row("sent_at too far ahead", event().number("sent_at", NOW.toEpochMilli() + 2 * DAY),
                        "sent_at: 2026-01-17T12:00:00Z is more than 1d in the future", "sent_at"),
                row("long offending values are cut", event().set("level_id", "[" + "1,".repeat(60) + "1]"),
                        "level_id: must be a string, was [" + "1,".repeat(39) + "1…", "level_id"),
                // the event as a whole
                row("duplicate event_id", event().json().replace("}", ",\"event_id\":\"" + uuid(1) + "\"}"),
                        "event: duplicate field \"event_id\"", "event_id"),
                row("duplicate attribute", event().set("score", "1").json().replace("}", ",\"score\":2}"),
                        "event: duplicate field \"score\"", "score"),
                row("a number, not an object", "5", "event: not a JSON object", null),
                row("a string, not an object", "\"x\"", "event: not a JSON object", null),
                row("an array, not an object", "[1,2]", "event: not a JSON object", null),
                row("null, not an object", "null", "event: not a JSON object", null),
                row("nesting of 33 levels", event().set("deep", NESTED_32),
                        "event: nesting deeper than 32", null),
                row("a missing value", "{\"event_id\":,\"event_type\":\"x\"}",
                        "event: invalid JSON at byte 12: Unexpected character (',' (code 44)): expected a value",
                        null),
                row("an unquoted name", "{event_id:1}", "event: invalid JSON at byte 1: Unexpected character "
                        + "('e' (code 101)): was expecting double-quote to start field name", null),
                // Jackson locates a bad token at its end
                row("NaN is not JSON", event().set("position_x", "NaN"), "event: invalid JSON at byte "
                        + (event().json().indexOf("78.35") + 3) + ": Non-standard token 'NaN': enable "
                        + "`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", null));
    }

    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private static Arguments row(String name, Object json, String expected, String field) {
        return arguments(name, json.toString(), expected, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void inAnArray(String name, String json, String expected, String field) {
        ParsedBatch batch = parser().parse(utf8("[" + json + "]"), BodyFormat.AUTO);
        assertThat(batch.size()).isEqualTo(1);
        assertOutcome(batch.outcomes().get(0), 0, json.strip(), expected, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void asAnNdjsonLine(String name, String json, String expected, String field) {
        String body = minimal().id(1).json() + "\r\n" + json + "\n\n" + minimal().id(2).json();
        ParsedBatch batch = parser().parse(utf8(body), BodyFormat.NDJSON);
        assertThat(batch.size()).isEqualTo(3);
        assertOutcome(batch.outcomes().get(1), 1, json.strip(), expected, field);
        assertNeighboursValid(batch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void betweenNeighboursInAnEnvelope(String name, String json, String expected, String field) {
        String body = "{ \"events\" : [ " + minimal().id(1).json() + " ,\n" + json + ",\n" + minimal().id(2).json()
                + " ] }";
        ParsedBatch batch = parser().parse(utf8(body), BodyFormat.AUTO);
        assertThat(batch.size()).isEqualTo(3);
        assertOutcome(batch.outcomes().get(1), 1, json.strip(), expected, field);
        assertNeighboursValid(batch);
    }

    private static void assertNeighboursValid(ParsedBatch batch) {
        List<Outcome> o = batch.outcomes();
        assertThat(o.get(0)).isInstanceOfSatisfying(Outcome.Valid.class,
                v -> assertThat(v.event().eventId()).isEqualTo(uuid(1)));
        assertThat(o.get(2)).isInstanceOfSatisfying(Outcome.Valid.class,
                v -> assertThat(v.event().eventId()).isEqualTo(uuid(2)));
    }

    private static void assertOutcome(Outcome outcome, int index, String json, String expected, String field) {
        assertThat(outcome.index()).isEqualTo(index);
        assertThat(new String(outcome.raw(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);
        if (expected.equals(OK)) {
            assertThat(outcome).as("outcome").isInstanceOf(Outcome.Valid.class);
        } else {
            assertThat(outcome).as("outcome").isInstanceOfSatisfying(Outcome.Invalid.class, i -> {
                assertThat(i.reason()).isEqualTo(expected);
                assertThat(i.field()).isEqualTo(field);
            });
        }
    }
}
