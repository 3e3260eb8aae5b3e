package dev.questlog.event;

import static dev.questlog.event.EventFixtures.array;
import static dev.questlog.event.EventFixtures.envelope;
import static dev.questlog.event.EventFixtures.event;
import static dev.questlog.event.EventFixtures.minimal;
import static dev.questlog.event.EventFixtures.ndjson;
import static dev.questlog.event.EventFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link EventParser#scan} must judge every event exactly as {@link EventParser#parse} does (it skips work, never
 * checks): both run over a corpus of awkward events in every body shape and must agree on each event's verdict,
 * reason, field, id and bytes, and on the fields the scan keeps.
 */
class EventScanTest {
    private static final String[] FIELDS = {"event_id", "event_type", "event_timestamp", "event_version", "app_name",
        "app_version", "client_id", "session_id", "level_id", "position_x", "position_y", "position_z", "sent_at",
        "damage", "meta"};
    private static final String[] VALUES = {"null", "1", "-0", "1.5", "-2.5e2", "1e400", "-1E+400", "1e3", "true",
        "\"x\"", "\"\"", "\"\\q\"", "\"caf\\u00e9\"", "\"ÄÖ日本\"", "\"🐉\"", "\"\\ud800\"", "\"a\u0001b\"",
        "\"\\u0041\"", "{\"a\":[1, 2, {\"b\":\"\\u0000\"}]}", "[ 1 , \"x\" ]",
        "\"4E96DE3B-2BB5-4ACA-B631-F3827317D90A\"",
        "\"4e96de3b-2BB5-4aca-b631-f3827317d90a\"", "\"4e96de3b-2bb5-4aca-b631-f3827317d90g\"",
        "\"4e96de3b-2bb5-4aca-b631-f3827317d90\"", "\"4e96de3b12bb5-4aca-b631-f3827317d90a\"",
        "\"४e96de3b-2bb5-4aca-b631-f3827317d90a\"", "\"player_death\"", "\"bad type\"",
        Long.toString(EventFixtures.TIMESTAMP + 1), Long.toString(EventFixtures.TIMESTAMP - 400L * 86_400_000L),
        Long.toString(EventFixtures.TIMESTAMP + 400L * 86_400_000L), "1" + "0".repeat(320), "1." + "5".repeat(400),
        "123456789012345678901234567890", "9223372036854775808", "{", "\"unterminated", "[1,]", "nul"};

    private final EventParser parser = EventFixtures.parser();

    @Test
    void everyFieldWithEveryOddValueIsJudgedAlike() {
        List<String> events = new ArrayList<>();
        for (String field : FIELDS) {
            for (String value : VALUES) {
                events.add(event().set(field, value).json());
                events.add(minimal().set(field, value).json());
            }
            events.add(event().without(field).json());
            events.add(event().json().replace("{", "{\"" + field + "\":null, \"" + field + "\":\"1\","));
        }
        events.add("{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"a\",\"a\":1,\"a\":2,"
                + "\"event_timestamp\":" + EventFixtures.TIMESTAMP + "}");
        for (String e : events) {
            // Alone in every shape, and between valid neighbours (whose own outcomes must not change).
            assertSame(array(e));
            assertSame(envelope(event().id(1).json(), e, event().id(2).json()));
            assertSame(ndjson(event().id(1).json(), e, minimal().id(2).json()));
            assertSame(e);
        }
    }

    /**
     * The scan reads plain events (PlainEventReader) without Jackson; these are the edges of what it takes — JSON
     * grammar, whitespace, names, attributes, limits — after plain neighbours, so that it is the reader tried.
     */
    @Test
    void edgesOfPlainEventsAreJudgedAlike() {
        String[] values = {"0", "-0", "01", "-01", "-", "1.", ".5", "1.5.3", "0.0", "-0.0", "1E5", "1e-5", "1x",
            "- 1", "truex", "nullx", "tru", "false", "true", "null", "\"\"", "\"a\\\"b\"", "\"\u007f\"",
            "\"\t\"", "1" + "0".repeat(298), "1" + "0".repeat(299), "1." + "0".repeat(297), "1." + "0".repeat(298)};
        List<String> events = new ArrayList<>();
        for (String field : new String[] {"event_timestamp", "sent_at", "position_z", "app_name", "client_id",
            "event_type", "session_id", "x"}) {
            for (String value : values) {
                events.add(event().set(field, value).json());
            }
        }
        long t = EventFixtures.TIMESTAMP;
        for (String ts : new String[] {"-" + t, "0" + t, t + ".0", "999999999999999999", "9999999999999999999",
            "-999999999999999999"}) {
            events.add(minimal().set("event_timestamp", ts).json());
        }
        String spaced = event().number("sent_at", t).json().replace(":", " \t:\r\n ").replace(",", " ,\n");
        events.add(spaced);
        events.add(" " + spaced.replace("{", "{ ").replace("}", " }") + "\t");
        events.add(event().json().replace(":", "\f:"));
        events.add(event().json().replace("\"event_type\"", "\"event\\u005ftype\""));
        events.add(event().json().replace("{", "{\"ev\u00e9nt\":1,"));
        events.add(event().json().replace("{", "{\"a\":1,\"b\":true,\"a\":null,"));
        events.add(event().json().replace("{", "{\"a\":1,\"b\":true,\"ab\":null,\"\":\"\","));
        events.add(event().json().replace("{", "{\"a\":{},"));
        events.add(event().json().replace("{", "{\"a\":[],"));
        events.add(event().json().replace("}", ",}"));
        events.add(event().json().replace("}", "}}"));
        events.add(event().json().replace("\"event_type\"", "\"event_type\" \"x\""));
        events.add(event().json().substring(0, 40));
        events.add("{}");
        events.add("{ }");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 70; i++) {
            many.append("\"a").append(i).append("\":").append(i).append(',');
        }
        events.add(event().json().replace("{", many));
        // The plain reader looks at strings 8 bytes at a time: odd bytes at every position of short and long ones.
        for (String odd : new String[] {"\\n", "\\\"", "\u0001", "\u001f", "\u007f", "é", " ", "!", "#", "[", "]"}) {
            for (int length = 1; length <= 20; length++) {
                for (int at = 0; at < length; at++) {
                    String text = "y".repeat(at) + odd + "y".repeat(length - at - 1);
                    events.add(event().set("session_id", "\"" + text + "\"").json());
                }
            }
        }
        events.add(event().string("session_id", "x".repeat((1 << 20) - 300)).json());
        events.add(event().string("session_id", "x".repeat(1 << 20)).json());
        for (String e : events) {
            assertSame(array(event().id(1).json(), e, minimal().id(2).json()));
            assertSame(envelope(event().id(1).json(), e, event().id(2).json()));
            assertSame(ndjson(event().id(1).json(), e, minimal().id(2).json()));
            assertSame(ndjson(event().id(1).json() + "\r", e + "\r", minimal().id(2).json()));
            assertSame(e);
        }
    }

    @Test
    void randomEventsAreJudgedAlike() {
        for (long seed = 0; seed < 300; seed++) {
            Event e = new EventGenerators(seed).event();
            String json = new String(EventJson.write(e), StandardCharsets.UTF_8);
            assertSame(array(json, json.replace("\"event_type\":", "\"x\":1,\"event_type\":")));
        }
    }

    @Test
    void invalidUtf8AndOversizeEventsAreJudgedAlike() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("[" + event().id(1).json() + "," + event().json().replace("map_name", "map")));
        body.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        body.writeBytes(utf8("\"}," + event().string("session_id", "x".repeat(2_000_000)).json() + "]"));
        assertSame(body.toByteArray(), BodyFormat.AUTO);
    }

    @Test
    void keepsTheFieldsIngestNeeds() {
        String body = array(event().string("client_id", "plāyer-7").number("sent_at", EventFixtures.TIMESTAMP + 5)
                .json(), minimal().json(), "[1]");
        ScannedBatch b = parser.scan(utf8(body), 0, utf8(body).length, BodyFormat.AUTO);
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.validCount()).isEqualTo(2);
        assertThat(b.eventId(0)).isEqualTo(EventFixtures.EVENT_ID);
        assertThat(new UUID(b.idMsb(0), b.idLsb(0))).isEqualTo(UUID.fromString(EventFixtures.EVENT_ID));
        assertThat(b.clientId(0)).isEqualTo("plāyer-7");
        assertThat(b.clientIdUtf8(0)).isEqualTo(utf8("plāyer-7"));
        assertThat(b.hasSentAt(0)).isTrue();
        assertThat(b.sentAt(0)).isEqualTo(EventFixtures.TIMESTAMP + 5);
        assertThat(b.clientId(1)).isNull();
        assertThat(b.clientIdUtf8(1)).isNull();
        assertThat(b.hasSentAt(1)).isFalse();
        assertThat(b.appName(1)).isNull();
        assertThat(b.isValid(2)).isFalse();
        assertThat(b.invalid(2).reason()).isEqualTo("event: not a JSON object");
        assertThatThrownBy(() -> b.eventType(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event 2 is invalid");
    }

    @Test
    void malformedBodiesThrowAlike() {
        for (String body : new String[] {"", "  ", "[", "[1", "{\"events\":[}", "[" + minimal().json() + "] x",
            "\"text\"", "[" + minimal().json() + ",]"}) {
            Throwable parsed = catchThrowable(() -> parser.parse(utf8(body), BodyFormat.AUTO));
            Throwable scanned = catchThrowable(() -> parser.scan(utf8(body), 0, utf8(body).length, BodyFormat.AUTO));
            assertThat(parsed).as(body).isInstanceOf(MalformedBodyException.class);
            assertThat(scanned).as(body).isInstanceOf(MalformedBodyException.class).hasMessage(parsed.getMessage());
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void assertSame(String body) {
        assertSame(utf8(body), BodyFormat.AUTO);
        assertSame(utf8(body), BodyFormat.NDJSON);
    }

    private void assertSame(byte[] body, BodyFormat format) {
        ParsedBatch parsed;
        try {
            parsed = parser.parse(body, format);
        } catch (MalformedBodyException e) {
            return; // malformedBodiesThrowAlike covers whole-body failures
        }
        // Scanned from a sub-range of a larger buffer, to check that its offsets are the body's.
        byte[] padded = new byte[body.length + 10];
        System.arraycopy(body, 0, padded, 5, body.length);
        ScannedBatch scanned = parser.scan(padded, 5, body.length, format);
        String what = new String(body, StandardCharsets.UTF_8);
        what = what.length() > 300 ? what.substring(0, 300) + "…" : what;
        assertThat(scanned.size()).as(what).isEqualTo(parsed.size());
        assertThat(scanned.validCount()).as(what).isEqualTo(parsed.validCount());
        for (int i = 0; i < parsed.size(); i++) {
            Outcome o = parsed.outcomes().get(i);
            assertThat(scanned.raw(i)).as(what).isEqualTo(o.raw());
            switch (o) {
                case Outcome.Invalid bad -> {
                    assertThat(scanned.isValid(i)).as(what).isFalse();
                    Outcome.Invalid got = scanned.invalid(i);
                    assertThat(got.index()).as(what).isEqualTo(bad.index());
                    assertThat(got.reason()).as(what).isEqualTo(bad.reason());
                    assertThat(got.field()).as(what).isEqualTo(bad.field());
                    assertThat(got.eventId()).as(what).isEqualTo(bad.eventId());
                }
                case Outcome.Valid ok -> {
                    assertThat(scanned.isValid(i)).as(what).isTrue();
                    assertThat(Arrays.copyOfRange(padded, scanned.rawStart(i), scanned.rawEnd(i))).as(what)
                            .isEqualTo(o.raw());
                    Event e = ok.event();
                    assertThat(scanned.eventId(i)).as(what).isEqualTo(e.eventId());
                    assertThat(scanned.eventType(i)).as(what).isEqualTo(e.eventType());
                    assertThat(scanned.appName(i)).as(what).isEqualTo(e.appName());
                    assertThat(scanned.clientId(i)).as(what).isEqualTo(e.clientId());
                    assertThat(scanned.clientIdUtf8(i)).as(what).isEqualTo(
                            e.clientId() == null ? null : e.clientId().getBytes(StandardCharsets.UTF_8));
                    assertThat(scanned.eventTimestamp(i)).as(what).isEqualTo(e.eventTimestamp());
                    assertThat(scanned.hasSentAt(i) ? scanned.sentAt(i) : null).as(what).isEqualTo(e.sentAt());
                }
            }
        }
    }
}
