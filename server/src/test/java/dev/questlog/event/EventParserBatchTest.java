package dev.questlog.event;

import static dev.questlog.event.EventFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Body shapes: arrays, envelopes, NDJSON, bare objects, and bodies that are unusable as a whole. */
class EventParserBatchTest {
    private final EventParser parser = parser();

    private ParsedBatch parse(String body) {
        return parser.parse(utf8(body), BodyFormat.AUTO);
    }

    private static String raw(Outcome o) {
        return new String(o.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void arrayWithGoodAndBadMixedKeepsIndexesAndNeighbours() {
        String bad1 = event().id(1).type("no spaces allowed").json();
        String bad3 = "{\"event_id\":1,,}";
        String body = array(event().id(0).json(), bad1, event().id(2).json(), bad3, "42", event().id(5).json());
        List<Outcome> o = parse(body).outcomes();
        assertThat(o).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(o.get(i).index()).isEqualTo(i);
        }
        assertThat(((Outcome.Valid) o.get(0)).event().eventId()).isEqualTo(uuid(0));
        Outcome.Invalid i1 = (Outcome.Invalid) o.get(1);
        assertThat(i1.eventId()).as("id read although the type is bad").isEqualTo(uuid(1));
        assertThat(i1.field()).isEqualTo("event_type");
        assertThat(raw(i1)).isEqualTo(bad1);
        assertThat(((Outcome.Valid) o.get(2)).event().eventId()).isEqualTo(uuid(2));
        assertThat(raw(o.get(3))).isEqualTo(bad3);
        assertThat(((Outcome.Invalid) o.get(3)).reason()).startsWith("event: invalid JSON at byte 14: ");
        assertThat(((Outcome.Invalid) o.get(4)).reason()).isEqualTo("event: not a JSON object");
        assertThat(raw(o.get(4))).isEqualTo("42");
        assertThat(((Outcome.Valid) o.get(5)).event().eventId()).isEqualTo(uuid(5));
        assertThat(parse(body).validCount()).isEqualTo(3);
    }

    @Test
    void validRawIsTheExactSliceOfTheBody() {
        String e = "{ \"event_id\":\"" + EVENT_ID + "\", \"event_type\" :\"x\",\"event_timestamp\":" + TIMESTAMP
                + " }";
        Outcome o = parse("[\n  " + e + "\n]").outcomes().get(0);
        assertThat(raw(o)).isEqualTo(e);
    }

    @Test
    void envelopeObject() {
        ParsedBatch b = parse(" {\n \"events\" : [ " + event().id(0).json() + " , " + event().id(1).json() + " ] } ");
        assertThat(b.validCount()).isEqualTo(2);
        assertThat(b.valid().get(1).event().eventId()).isEqualTo(uuid(1));
    }

    @Test
    void ndjsonWithABrokenLineAndBlankLinesAndCrLf() {
        String broken = "{\"event_id\":\"" + uuid(1) + "\",\"event_type\":";
        String body = event().id(0).json() + "\r\n\r\n" + broken + "\r\n   \n" + event().id(2).json();
        ParsedBatch b = parse(body);
        assertThat(b.size()).isEqualTo(3);
        Outcome.Invalid bad = (Outcome.Invalid) b.outcomes().get(1);
        assertThat(bad.index()).isEqualTo(1);
        assertThat(bad.eventId()).isEqualTo(uuid(1));
        assertThat(bad.reason()).startsWith("event: invalid JSON at byte ");
        assertThat(raw(bad)).isEqualTo(broken);
        assertThat(b.valid()).extracting(v -> v.event().eventId()).containsExactly(uuid(0), uuid(2));
    }

    @Test
    void ndjsonObjectsSpanningLinesAreBrokenLinesWhateverComesAfter() {
        String twoLines = minimal().id(1).json().replace(",", ",\n");
        for (String after : List.of(minimal().id(2).json(), "{broken")) {
            ParsedBatch b = parser.parse(utf8(minimal().json() + "\n" + twoLines + "\n" + after), BodyFormat.NDJSON);
            assertThat(b.outcomes()).as(after).extracting(o -> o instanceof Outcome.Valid)
                    .containsExactly(true, false, false, false, after.startsWith("{\""));
        }
    }

    @Test
    void ndjsonLineWithTrailingData() {
        Outcome.Invalid bad = (Outcome.Invalid) parser.parse(utf8(minimal().json() + " x"), BodyFormat.NDJSON)
                .outcomes().get(0);
        assertThat(bad.reason()).isEqualTo("event: unexpected data after the object at byte "
                + (minimal().json().length() + 1));
    }

    @Test
    void concatenatedObjectsOnOneLineAreOneBadLine() {
        ParsedBatch b = parse(minimal().json() + minimal().id(1).json());
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.invalid().get(0).reason()).startsWith("event: unexpected data after the object at byte ");
    }

    @Test
    void bareObjectIsABatchOfOne() {
        ParsedBatch b = parse("  " + event().json() + "\n");
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.valid().get(0).event()).isEqualTo(sampleEvent());
    }

    @Test
    void prettyPrintedBareObjectIsABatchOfOne() {
        String pretty = event().json().replace(",", ",\n  ").replace("{", "{\n  ").replace("}", "\n}");
        assertThat(parse(pretty).valid()).hasSize(1);
        assertThat(parser.parse(utf8(pretty), BodyFormat.JSON).valid()).hasSize(1);
    }

    @Test
    void emptyArraysAreEmptyBatches() {
        assertThat(parse("[]").size()).isZero();
        assertThat(parse(" [ \n ] ").size()).isZero();
        assertThat(parse("{\"events\":[]}").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\r\t ", "\uFEFF"})
    void emptyOrWhitespaceBodyIsMalformed(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedBodyException.class).hasMessage("body is empty");
    }

    @Test
    void byteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes(utf8(array(event().json())));
        assertThat(parser.parse(out.toByteArray(), BodyFormat.AUTO).validCount()).isEqualTo(1);
    }

    @Test
    void malformedBodies() {
        String e = event().json();
        assertMalformed("hello", "body must be a JSON array, {\"events\":[…]} or JSON objects, but starts with 'h'");
        assertMalformed("5", "body must be a JSON array, {\"events\":[…]} or JSON objects, but starts with '5'");
        assertMalformed("[" + e, "truncated body: the array is not closed");
        assertMalformed("[" + e + ",", "truncated body: the array is not closed");
        assertMalformed("[" + e + "," + e.substring(0, 40), "truncated body: event 1 is not terminated");
        assertMalformed("[" + e + " " + e + "]", "expected ',' or ']' at byte " + (e.length() + 2)
                + ", found '{'");
        assertMalformed("[" + e + ",]", "expected an event at byte " + (e.length() + 2) + ", found ']'");
        assertMalformed("[," + e + "]", "expected an event at byte 1, found ','");
        assertMalformed("[" + e + "] x", "unexpected data after the events at byte " + (e.length() + 3));
        assertMalformed("{\"events\":[" + e + "]", "expected '}' closing {\"events\":[…]} at byte "
                + (e.length() + 12) + ", found the end of the body");
    }

    private void assertMalformed(String body, String reason) {
        assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(MalformedBodyException.class)
                .hasMessage(reason);
    }

    @Test
    void invalidUtf8InsideOneEventSpoilsOnlyThatEvent() {
        String prefix = "{\"event_id\":\"" + uuid(1) + "\",\"event_type\":\"x\",\"event_timestamp\":" + TIMESTAMP
                + ",\"name\":\"ab";
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.writeBytes(utf8(prefix));
        bad.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        bad.writeBytes(utf8("\"}"));
        for (BodyFormat format : new BodyFormat[] {BodyFormat.AUTO, BodyFormat.NDJSON}) {
            boolean lines = format == BodyFormat.NDJSON;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8((lines ? "" : "[") + event().id(0).json() + (lines ? "\n" : ",")));
            body.writeBytes(bad.toByteArray());
            body.writeBytes(utf8((lines ? "\n" : ",") + event().id(2).json() + (lines ? "" : "]")));
            ParsedBatch b = parser.parse(body.toByteArray(), format);
            assertThat(b.size()).as(format.name()).isEqualTo(3);
            Outcome.Invalid i = (Outcome.Invalid) b.outcomes().get(1);
            assertThat(i.reason()).isEqualTo("event: invalid UTF-8 at byte " + utf8(prefix).length);
            assertThat(i.raw()).isEqualTo(bad.toByteArray());
            assertThat(b.validCount()).isEqualTo(2);
        }
    }

    @Test
    void utf8ThatJacksonLetsThroughIsStillRejected() {
        // Overlong '/' (C0 AF) and a UTF-16 surrogate (ED A0 80): Jackson decodes both, strict UTF-8 forbids them.
        for (byte[] seq : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String prefix = "[" + minimal().json().replace("}", ",\"s\":\"");
            body.writeBytes(utf8(prefix));
            body.writeBytes(seq);
            body.writeBytes(utf8("\"}]"));
            Outcome.Invalid i = parser.parse(body.toByteArray(), BodyFormat.AUTO).invalid().get(0);
            assertThat(i.reason()).isEqualTo("event: invalid UTF-8 at byte " + (prefix.length() - 1));
        }
    }

    @Test
    void depthCountsTheEventObjectNotTheArrayAroundIt() {
        String deep32 = minimal().set("d", "[".repeat(31) + "]".repeat(31)).json();
        String deep33 = minimal().set("d", "[".repeat(32) + "]".repeat(32)).json();
        ParsedBatch b = parse(envelope(deep32, deep33, deep32));
        assertThat(b.outcomes()).extracting(o -> o instanceof Outcome.Valid).containsExactly(true, false, true);
        assertThat(b.invalid().get(0).reason()).isEqualTo("event: nesting deeper than 32");
    }

    @Test
    void oversizeEventIsRejectedAloneInEveryShape() {
        EventParser small = new EventParser(new ParserLimits(300, 32, Duration.ofDays(30), Duration.ofDays(1)),
                CLOCK);
        String fits = padTo(minimal().id(1), 300);
        String big = padTo(minimal().id(2), 301);
        for (String body : List.of(array(fits, big, fits), ndjson(fits, big, fits))) {
            ParsedBatch b = small.parse(utf8(body), BodyFormat.AUTO);
            assertThat(b.outcomes()).extracting(o -> o instanceof Outcome.Valid).containsExactly(true, false, true);
            assertThat(b.invalid().get(0).reason()).isEqualTo("event: larger than 300 bytes");
            assertThat(b.invalid().get(0).raw()).hasSize(301);
        }
    }

    private static String padTo(EventFixtures.Builder b, int bytes) {
        int base = b.set("pad", "\"\"").json().length();
        return b.string("pad", "p".repeat(bytes - base)).json();
    }

    @Test
    void manyAttributesAreFineAndTheirDuplicatesFound() {
        StringBuilder many = new StringBuilder(minimal().json());
        many.setLength(many.length() - 1);
        for (int i = 0; i < 20_000; i++) {
            many.append(",\"a").append(i).append("\":").append(i);
        }
        String ok = many + "}";
        String dup = many + ",\"a7\":0}";
        ParsedBatch b = parse(array(ok, dup));
        assertThat(b.valid().get(0).event().attributes().size()).isEqualTo(20_000);
        assertThat(b.valid().get(0).event().attributes().raw("a19999")).contains("19999");
        assertThat(b.invalid().get(0).reason()).isEqualTo("event: duplicate field \"a7\"");
    }

    @Test
    void overlongNumbersSpoilOnlyTheirEvent() {
        String huge = minimal().set("n", "1".repeat(1001)).json();
        ParsedBatch b = parse(array(minimal().json(), huge, minimal().json()));
        assertThat(b.outcomes()).extracting(o -> o instanceof Outcome.Valid).containsExactly(true, false, true);
        assertThat(b.invalid().get(0).reason()).isEqualTo("event: invalid JSON: Number value length (1001) exceeds "
                + "the maximum allowed (1000, from `StreamReadConstraints.getMaxNumberLength()`)");
    }

    @Test
    void parsesASubRangeOfALargerBuffer() {
        String e = event().json();
        byte[] buf = utf8("garbage[" + e + "]garbage");
        ParsedBatch b = parser.parse(buf, 7, e.length() + 2, BodyFormat.JSON);
        assertThat(b.validCount()).isEqualTo(1);
        assertThat(raw(b.outcomes().get(0))).isEqualTo(e);
    }

    @Test
    void ndjsonFormatTakesEachLineAsAnEvent() {
        ParsedBatch b = parser.parse(utf8("[1]\n" + minimal().json() + "\n"), BodyFormat.NDJSON);
        assertThat(b.outcomes()).extracting(o -> o instanceof Outcome.Valid).containsExactly(false, true);
        assertThat(b.invalid().get(0).reason()).isEqualTo("event: not a JSON object");
    }

    @Test
    void keepsAttributesTextExactAndInOrder() {
        String json = minimal().set("n", "1.50").set("e", "1e3").set("z", "-0").set("s", "\"caf\\u00e9\"")
                .set("o", "{ \"b\" : [ 1 , 2.0 ] , \"a\" : \"x y\" }").set("t", "true").json();
        Event e = parser.parse(utf8(json), BodyFormat.AUTO).valid().get(0).event();
        assertThat(e.attributes().asMap()).containsExactly(
                java.util.Map.entry("n", "1.50"), java.util.Map.entry("e", "1e3"), java.util.Map.entry("z", "-0"),
                java.util.Map.entry("s", "\"caf\\u00e9\""), java.util.Map.entry("o", "{\"b\":[1,2.0],\"a\":\"x y\"}"),
                java.util.Map.entry("t", "true"));
        assertThat(e.attributes().text("s")).contains("café");
        assertThat(e.attributes().text("n")).isEmpty();
        assertThat(new String(EventJson.write(e), StandardCharsets.UTF_8)).isEqualTo(json.replace(" ", "")
                .replace("xy", "x y"));
    }

    @Test
    void eventIdIsLowerCased() {
        String upper = EVENT_ID.toUpperCase(java.util.Locale.ROOT);
        Event e = parse(event().string("event_id", upper).json()).valid().get(0).event();
        assertThat(e.eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void nullOptionalFieldsAreAbsent() {
        Event e = parse(event().set("level_id", "null").set("position_x", "null").json()).valid().get(0).event();
        assertThat(e.levelId()).isNull();
        assertThat(e.positionX()).isNull();
        assertThat(e.positionY()).isEqualTo(39.192);
    }

    @Test
    void parsesTheSampleIntoEveryEnvelopeField() {
        Event e = parse(event().string("session_id", "s1").set("position_z", "-2").number("sent_at", TIMESTAMP + 9)
                .json()).valid().get(0).event();
        assertThat(e).isEqualTo(new Event(EVENT_ID, "player_death", TIMESTAMP, "1.0", "game_name", "1.0", CLIENT_ID,
                "s1", "map_name", 78.35, 39.192, -2.0, TIMESTAMP + 9, Attributes.empty()));
    }
}
