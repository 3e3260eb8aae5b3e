package dev.questlog.event;

import static dev.questlog.event.EventFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of generated events through EventJson, the untrusted parser and the stored-event codec. */
class EventRoundTripTest {
    private final EventParser parser = parser();

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.events();
    }

    @Provide
    Arbitrary<List<Event>> eventLists() {
        return EventArbitraries.events().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void writeThenReadGivesTheSameEvent(@ForAll("events") Event e) {
        assertThat(EventJson.read(EventJson.write(e))).isEqualTo(e);
    }

    @Property(tries = 300)
    void writeThenParseGivesTheSameEvent(@ForAll("events") Event e) {
        ParsedBatch b = parser.parse(EventJson.write(e), BodyFormat.AUTO);
        assertThat(b.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Valid.class,
                v -> assertThat(v.event()).isEqualTo(e));
    }

    @Property(tries = 200)
    void parsedTextWrittenBackKeepsEveryAttributeTextExact(@ForAll("events") Event e) {
        // Spread the JSON out with whitespace as a producer might, then check that what we write back holds the
        // attribute texts exactly as generated (compact), and re-reads equal.
        String spread = new String(EventJson.write(e), StandardCharsets.UTF_8).replace("\":", "\" :\n ");
        Event parsed = parser.parse(spread.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON).valid().get(0).event();
        assertThat(parsed.attributes().asMap()).containsExactlyEntriesOf(e.attributes().asMap());
        assertThat(EventJson.write(parsed)).isEqualTo(EventJson.write(e));
    }

    @Property(tries = 300)
    void storedEventEncodeDecode(@ForAll("events") Event e, @ForAll boolean server) {
        StoredEvent s = StoredEvent.of("app-" + e.eventType(), NOW.toEpochMilli(), server ? Trust.SERVER : Trust.CLIENT,
                server ? "k_1" : null, e);
        assertThat(StoredEvent.decode(StoredEvent.encode(s))).isEqualTo(s);
    }

    @Property(tries = 100)
    void brokenEventsNeverSpoilTheirNeighbours(@ForAll("eventLists") List<Event> events) {
        List<String> parts = new ArrayList<>();
        List<Boolean> good = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String json = new String(EventJson.write(events.get(i)), StandardCharsets.UTF_8);
            boolean broken = i % 3 == 1;
            parts.add(broken ? json.replaceFirst(":", ":,") : json);
            good.add(!broken);
        }
        for (String body : List.of(array(parts.toArray(String[]::new)), ndjson(parts.toArray(String[]::new)))) {
            ParsedBatch b = parser.parse(body.getBytes(StandardCharsets.UTF_8), BodyFormat.AUTO);
            assertThat(b.outcomes()).extracting(o -> o instanceof Outcome.Valid).containsExactlyElementsOf(good);
        }
    }

    @Property(tries = 500)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll("bytes") byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        boolean jdkValid;
        try {
            decoder.decode(java.nio.ByteBuffer.wrap(bytes));
            jdkValid = true;
        } catch (java.nio.charset.CharacterCodingException ex) {
            jdkValid = false;
        }
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length) < 0).isEqualTo(jdkValid);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        Arbitrary<byte[]> mostlyValid = EventArbitraries.text().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .flatMap(b -> Arbitraries.integers().between(0, Math.max(0, b.length)).flatMap(at ->
                        Arbitraries.bytes().map(x -> {
                            byte[] c = b.clone();
                            if (at < c.length) {
                                c[at] = x;
                            }
                            return c;
                        })));
        return Arbitraries.oneOf(random, mostlyValid);
    }
}
