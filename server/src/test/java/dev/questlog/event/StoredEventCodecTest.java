package dev.questlog.event;

import static dev.questlog.event.EventFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StoredEventCodecTest {
    private static final long RECEIVED = NOW.toEpochMilli();

    @Test
    void wireFormatIsTheSharedContract() {
        Event e = EventJson.read(minimal().set("score", "1.50").json().getBytes(StandardCharsets.UTF_8));
        StoredEvent s = new StoredEvent("game", RECEIVED, Trust.SERVER, "key-1", TIMESTAMP + 7, e);
        assertThat(new String(StoredEvent.encode(s), StandardCharsets.UTF_8)).isEqualTo(
                "{\"app\":\"game\",\"received_at\":" + RECEIVED + ",\"trust\":\"server\",\"key_id\":\"key-1\","
                        + "\"event_time\":" + (TIMESTAMP + 7) + ",\"event\":{\"event_id\":\"" + EVENT_ID + "\","
                        + "\"event_type\":\"match_start\",\"event_timestamp\":" + TIMESTAMP + ",\"score\":1.50}}");
    }

    @Test
    void aReusedEncoderWritesEachDocumentAlone() {
        StoredEventCodec.Encoder encoder = new StoredEventCodec.Encoder();
        for (int i = 0; i < 3; i++) {
            Event e = EventJson.read(event().id(i).set("n", "" + i).bytes());
            StoredEvent s = StoredEvent.of("a", RECEIVED, Trust.SERVER, "k", e);
            assertThat(encoder.encode(s)).isEqualTo(StoredEvent.encode(s));
            assertThat(encoder.writeEvent(e)).isEqualTo(EventJson.write(e));
            assertThat(StoredEvent.decode(encoder.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void decodesFieldsInAnyOrderAndIgnoresUnknownOnes() {
        String json = "{\"event\":" + event().json() + ",\"future\":{\"x\":[1]},\"trust\":\"client\",\"key_id\":null,"
                + "\"event_time\":5,\"received_at\":6,\"app\":\"a\"}";
        StoredEvent s = StoredEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(s).isEqualTo(new StoredEvent("a", 6, Trust.CLIENT, null, 5, sampleEvent()));
    }

    @Test
    void decodingIgnoresTheTimestampWindow() {
        Event old = Event.of(EVENT_ID, "t", 0);
        StoredEvent s = StoredEvent.of("a", RECEIVED, Trust.SERVER, "k", old);
        assertThat(StoredEvent.decode(StoredEvent.encode(s))).isEqualTo(s);
    }

    @Test
    void skewCorrectionShiftsByTheProducersClockOffset() {
        // The producer's clock is 10 s behind: it sent at T, the server received at T + 10 s.
        Event e = EventJson.read(minimal().number("sent_at", TIMESTAMP + 2_000).bytes());
        StoredEvent s = StoredEvent.of("a", TIMESTAMP + 12_000, Trust.CLIENT, "k", e);
        assertThat(s.eventTime()).isEqualTo(TIMESTAMP + 10_000);
        assertThat(StoredEvent.of("a", RECEIVED, Trust.CLIENT, "k", Event.of(EVENT_ID, "t", 42)).eventTime())
                .isEqualTo(42);
    }

    @Test
    void partitionKeyIsTheClientId() {
        assertThat(StoredEvent.of("a", RECEIVED, Trust.SERVER, "k", sampleEvent()).partitionKey())
                .isEqualTo(CLIENT_ID.getBytes(StandardCharsets.UTF_8));
        assertThat(StoredEvent.of("a", RECEIVED, Trust.SERVER, "k", Event.of(EVENT_ID, "t", 1)).partitionKey())
                .isEmpty();
    }

    @Test
    void rejectsWhatIsNotAStoredEvent() {
        assertThatThrownBy(() -> StoredEvent.decode("{\"app\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs app, received_at");
        assertThatThrownBy(() -> StoredEvent.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stored event: not a JSON object");
        String badEvent = "{\"app\":\"a\",\"received_at\":1,\"trust\":\"server\",\"key_id\":\"k\",\"event_time\":1,"
                + "\"event\":{\"event_id\":\"x\",\"event_type\":\"t\",\"event_timestamp\":1}}";
        assertThatThrownBy(() -> StoredEvent.decode(badEvent.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("event_id: not a UUID: \"x\"");
        assertThatThrownBy(() -> new StoredEvent("", 1, Trust.SERVER, "k", 1, sampleEvent()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("app must be non-empty, was \"\"");
    }
}
