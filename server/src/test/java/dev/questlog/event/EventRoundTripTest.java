package dev.questlog.event;

import static dev.questlog.event.EventFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Round trips of seeded random events through EventJson, the untrusted parser and the stored-event codec. Each
 * check names its seed: {@code new EventGenerators(seed).event()} reproduces the failing event.
 */
class EventRoundTripTest {
    private static final int EVENTS = 400;
    private final EventParser parser = parser();

    @Test
    void writeThenReadGivesTheSameEvent() {
        for (long seed = 0; seed < EVENTS; seed++) {
            Event e = new EventGenerators(seed).event();
            assertThat(EventJson.read(EventJson.write(e))).as("seed %d", seed).isEqualTo(e);
        }
    }

    @Test
    void writeThenParseGivesTheSameEvent() {
        for (long seed = 0; seed < EVENTS; seed++) {
            Event e = new EventGenerators(seed).event();
            ParsedBatch b = parser.parse(EventJson.write(e), BodyFormat.AUTO);
            assertThat(b.outcomes()).as("seed %d", seed).singleElement().isInstanceOf(Outcome.Valid.class);
            assertThat(b.valid().get(0).event()).as("seed %d", seed).isEqualTo(e);
        }
    }

    @Test
    void parsedTextWrittenBackKeepsEveryAttributeTextExact() {
        for (long seed = 0; seed < EVENTS; seed++) {
            // Spread the JSON out with whitespace as a producer might; what we write back must hold the attribute
            // texts exactly as generated (compact) and equal the original's JSON.
            Event e = new EventGenerators(seed).event();
            String spread = spreadOut(new String(EventJson.write(e), StandardCharsets.UTF_8));
            ParsedBatch b = parser.parse(utf8(spread), BodyFormat.JSON);
            assertThat(b.invalid()).as("seed %d: %s", seed, spread).isEmpty();
            Event parsed = b.valid().get(0).event();
            assertThat(parsed.attributes().asMap()).as("seed %d", seed)
                    .containsExactlyEntriesOf(e.attributes().asMap());
            assertThat(EventJson.write(parsed)).as("seed %d", seed).isEqualTo(EventJson.write(e));
        }
    }

    /** Adds whitespace around every {@code :} and {@code ,} outside strings. */
    private static String spreadOut(String json) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            sb.append(c);
            if (inString && c == '\\') {
                sb.append(json.charAt(++i));
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ':' || c == ',')) {
                sb.append(" \n\t");
            }
        }
        return sb.toString();
    }

    @Test
    void storedEventEncodeDecode() {
        try (StoredEventCodec.Encoder encoder = new StoredEventCodec.Encoder()) {
            for (long seed = 0; seed < EVENTS; seed++) {
                Event e = new EventGenerators(seed).event();
                boolean server = seed % 2 == 0;
                StoredEvent s = StoredEvent.of("app-" + e.eventType(), NOW.toEpochMilli(),
                        server ? Trust.SERVER : Trust.CLIENT, server ? "k_1" : null, e);
                assertThat(StoredEvent.decode(StoredEvent.encode(s))).as("seed %d", seed).isEqualTo(s);
                assertThat(encoder.encode(s)).as("seed %d", seed).isEqualTo(StoredEvent.encode(s));
            }
        }
    }

    @Test
    void brokenEventsNeverSpoilTheirNeighbours() {
        for (long seed = 0; seed < 100; seed++) {
            EventGenerators gen = new EventGenerators(seed);
            List<String> parts = new ArrayList<>();
            List<Boolean> good = new ArrayList<>();
            for (int i = 0; i < 1 + seed % 8; i++) {
                String json = new String(EventJson.write(gen.event()), StandardCharsets.UTF_8);
                boolean broken = i % 3 == 1;
                parts.add(broken ? json.replaceFirst(":", ":,") : json);
                good.add(!broken);
            }
            String[] events = parts.toArray(String[]::new);
            for (String body : List.of(array(events), ndjson(events), envelope(events))) {
                ParsedBatch b = parser.parse(utf8(body), BodyFormat.AUTO);
                assertThat(b.outcomes()).as("seed %d", seed).extracting(o -> o instanceof Outcome.Valid)
                        .containsExactlyElementsOf(good);
            }
        }
    }

    @Test
    void utf8CheckAgreesWithTheJdkDecoder() {
        for (long seed = 0; seed < 5_000; seed++) {
            Random random = new Random(seed);
            byte[] bytes;
            if (random.nextBoolean()) {
                bytes = new byte[random.nextInt(25)];
                random.nextBytes(bytes);
            } else {
                // Mostly valid text with one byte replaced: the interesting boundary cases.
                bytes = utf8(new EventGenerators(seed).text() + "é🐉" + new EventGenerators(~seed).text());
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            assertThat(Utf8.firstInvalid(bytes, 0, bytes.length) < 0).as("seed %d", seed).isEqualTo(jdkValid(bytes));
        }
    }

    private static boolean jdkValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException ex) {
            return false;
        }
    }
}
