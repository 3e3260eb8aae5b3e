package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.questlog.event.Event;
import dev.questlog.event.StoredEvent;
import dev.questlog.event.Trust;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnrichmentTest {
    private static final String ID = "4e96de3b-2bb5-4aca-b631-f3827317d90a";
    private final Enrichment enrichment = new Enrichment(Duration.ofDays(30), Duration.ofDays(1));

    private static Event event(long ts, Long sentAt) {
        return new Event(ID, "player_death", ts, null, null, null, null, null, null, null, null, null, sentAt, null);
    }

    @Test
    void correctsClockSkewFromSentAtWithinTheWindow() {
        long received = 1_800_000_000_000L;
        assertThat(enrichment.eventTime(event(1000, null), received)).isEqualTo(1000);
        // producer clock 5 s behind: sent_at reads 5 s earlier than the server's receipt
        assertThat(enrichment.eventTime(event(received - 7000, received - 5000), received)).isEqualTo(received - 2000);
        // a producer clock 10 days ahead is corrected by at most the 1-day future window
        long tenDays = Duration.ofDays(10).toMillis();
        assertThat(enrichment.eventTime(event(received + tenDays, received + tenDays), received))
                .isEqualTo(received + tenDays - Duration.ofDays(1).toMillis());
    }

    @Test
    void theStoredValueIsTheSharedFormatAndKeepsTheOriginalBytes() {
        String raw = "{\"event_id\":\"" + ID + "\",\"event_type\":\"player_death\",\"event_timestamp\":1000,"
                + "\"position_x\":78.350,\"custom\":{\"b\":1,\"a\":[true,null]}}";
        byte[] value = Enrichment.storedEvent("g", 5000, Trust.CLIENT, "k1", 1234, raw.getBytes(StandardCharsets.UTF_8));
        String text = new String(value, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"app\":\"g\",\"received_at\":5000,\"trust\":\"client\",\"key_id\":\"k1\","
                + "\"event_time\":1234,\"event\":" + raw).endsWith("}");
        StoredEvent decoded = StoredEvent.decode(value);
        assertThat(decoded.app()).isEqualTo("g");
        assertThat(decoded.trust()).isEqualTo(Trust.CLIENT);
        assertThat(decoded.eventTime()).isEqualTo(1234);
        assertThat(decoded.event().eventId()).isEqualTo(ID);
        assertThat(decoded.event().positionX()).isEqualTo(78.35);
    }

    @Test
    void eventTimesOfEveryLengthAreWrittenInFull() {
        byte[] prefix = Enrichment.prefix("g", 5000, Trust.SERVER, "k1");
        byte[] body = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        for (long t : new long[] {0, 9, 10, 99, 100, 999_999_999_999L, 1_000_000_000_000L, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            String value = new String(Enrichment.storedEvent(prefix, t, body, 2, 9), StandardCharsets.UTF_8);
            assertThat(value).endsWith(",\"event_time\":" + t + ",\"event\":{\"a\":1}}");
        }
    }

    @Test
    void prefixIsWhatJacksonsGeneratorWrites() throws Exception {
        JsonFactory factory = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();
        for (String odd : new String[] {"g", "quote\"back\\slash", "tab\tnl\ncr\r\u0001\u001f", "é日本\uD83D\uDE00",
            "</script>", ""}) {
            for (Trust trust : Trust.values()) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                try (JsonGenerator g = factory.createGenerator(expected)) {
                    g.writeStartObject();
                    g.writeStringField("app", odd);
                    g.writeNumberField("received_at", 1_763_000_000_123L);
                    g.writeStringField("trust", trust.jsonName());
                    g.writeStringField("key_id", odd + "k");
                }
                expected.writeBytes(",\"event_time\":".getBytes(StandardCharsets.US_ASCII));
                assertThat(Enrichment.prefix(odd, 1_763_000_000_123L, trust, odd + "k"))
                        .as("app and key id %s, trust %s", odd, trust).isEqualTo(expected.toByteArray());
            }
        }
    }

    @Test
    void failedEventsRoundTrip() {
        FailedEvent f = new FailedEvent("g", "k1", 99, "event_id: missing", "event_id", 3, null, "{\"x\":\"\\u00e9\"}");
        assertThat(FailedEvent.fromJson(f.toJson())).isEqualTo(f);
        assertThat(new String(f.toJson(), StandardCharsets.UTF_8)).startsWith("{\"app\":\"g\",\"key_id\":\"k1\","
                + "\"received_at\":99,\"reason\":\"event_id: missing\",\"field\":\"event_id\",\"index\":3,\"event_id\":null,");
    }
}
