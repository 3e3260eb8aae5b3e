package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.log.ReadRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How records of stream events become lake rows, including the ones that are not stored events. */
class StoredEventDecoderTest {
    private final StoredEventDecoder decoder = new StoredEventDecoder();

    private static ReadRecord record(String value) {
        return new ReadRecord(2, 41, 1_700_000_000_000L, new byte[0], value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void keepsAttributeTextsAndTheStoredEventTextExactly() {
        String event = "{\"event_id\":\"4e96de3b-2bb5-4aca-b631-f3827317d90a\",\"event_type\":\"iap_transaction\","
                + "\"event_timestamp\":1505491200685,\"client_id\":\"c1\",\"price\":1.50,\"big\":12345678901234567890,"
                + "\"nested\":{\"a\":[1,2]}}";
        EventRow row = decoder.decode(record("{\"app\":\"arena\",\"received_at\":1505491200700,\"trust\":\"server\","
                + "\"key_id\":\"k9\",\"event_time\":1505491200690,\"event\":" + event + "}"));

        assertThat(row.app()).isEqualTo("arena");
        assertThat(row.eventTime()).isEqualTo(1505491200690L);
        assertThat(row.trust()).isEqualTo("server");
        assertThat(row.attributes()).isEqualTo("{\"price\":1.50,\"big\":12345678901234567890,\"nested\":{\"a\":[1,2]}}");
        assertThat(row.raw()).isEqualTo(event);
        assertThat(row.rawLayout()).isEqualTo("{\"event_id\":\u0001,\"event_type\":\u0002,\"event_timestamp\":\u0003,"
                + "\"client_id\":\u0007,\u0011}");
        assertThat(row.positionX()).isNull();
        assertThat(row.logPartition()).isEqualTo(2);
        assertThat(row.logOffset()).isEqualTo(41);
    }

    @Test
    void theLayoutIsTheOriginalWithPlaceholdersAndNamesEachLaterRunOfAttributes() {
        String stored = "{\"app\":\"arena\",\"received_at\":2,\"trust\":\"client\",\"key_id\":null,\"event_time\":1,"
                + "\"event\":{\"seq\":1,\"event_timestamp\":1,\"position_x\":2.5,\"event_type\":\"x\",\"app_name\":\"arena\","
                + "\"event_id\":\"4e96de3b-2bb5-4aca-b631-f3827317d90a\",\"sent_at\":3,\"n\":{\"a\":null}}}";
        assertThat(decoder.decode(record(stored)).rawLayout()).isEqualTo("{\u0011,\"event_timestamp\":\u0003,"
                + "\"position_x\":\u000c,\"event_type\":\u0002,\"app_name\":\u0005,\"event_id\":\u0001,\"sent_at\":\u0010,"
                + "\u0012}\u001f\"n\"");

        String fourRuns = stored.replace("\"event_id\":", "\"a\":1,\"event_id\":").replace("\"app_name\":",
                "\"b\":2,\"app_name\":");
        EventRow row = decoder.decode(record(fourRuns));
        assertThat(row.rawLayout()).isNull();
        assertThat(row.raw()).startsWith("{\"seq\":1,");
    }

    @Test
    void aRecordThatIsNotAStoredEventIsKeptNotDropped() {
        EventRow row = decoder.decode(record("not json at all"));

        assertThat(StoredEventDecoder.isUndecodable(row)).isTrue();
        assertThat(row.raw()).isEqualTo("not json at all");
        assertThat(row.eventTime()).isEqualTo(1_700_000_000_000L);
        assertThat(row.logOffset()).isEqualTo(41);
    }

    @Test
    void anAppNameUnfitForADirectoryIsKeptAsUndecodable() {
        EventRow row = decoder.decode(record("{\"app\":\"../etc\",\"received_at\":1,\"trust\":\"client\","
                + "\"key_id\":null,\"event_time\":1,\"event\":{\"event_id\":\"4e96de3b-2bb5-4aca-b631-f3827317d90a\","
                + "\"event_type\":\"x\",\"event_timestamp\":1}}"));

        assertThat(StoredEventDecoder.isUndecodable(row)).isTrue();
    }
}
