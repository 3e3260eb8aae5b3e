package dev.questlog.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.log.LogRecord;
import java.nio.charset.StandardCharsets;

/** Records of stream {@code events} in the shared StoredEvent JSON, as the collector appends them (test kit). */
public final class StoredEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredEvents() {
    }

    /** A player_death event of {@code app} produced at {@code eventMillis} and received at {@code receivedMillis}. */
    public static LogRecord record(String app, String eventId, String clientId, long eventMillis, long receivedMillis) {
        ObjectNode event = JSON.createObjectNode().put("event_id", eventId).put("event_type", "player_death")
                .put("event_timestamp", eventMillis).put("app_version", "1.0").put("client_id", clientId)
                .put("level_id", "dust_valley").put("position_x", 78.35).put("position_y", 39.192)
                .put("weapon", "rifle");
        ObjectNode stored = JSON.createObjectNode().put("app", app).put("received_at", receivedMillis)
                .put("trust", "server").put("key_id", "k1").put("event_time", eventMillis);
        stored.set("event", event);
        return LogRecord.of(clientId.getBytes(StandardCharsets.UTF_8), stored.toString().getBytes(StandardCharsets.UTF_8));
    }
}
