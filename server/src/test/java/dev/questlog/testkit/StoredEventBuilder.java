package dev.questlog.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Builds stored events as they travel on stream {@code events} (the shared contract:
 * {@code {"app","received_at","trust","key_id","event_time","event":{…}}}), for tests of the consumers.
 */
public final class StoredEventBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode event = JSON.createObjectNode();

    private StoredEventBuilder(String app, String type, long eventTime) {
        root.put("app", app);
        root.put("received_at", eventTime);
        root.put("trust", "server");
        root.put("key_id", "k1");
        root.put("event_time", eventTime);
        event.put("event_id", UUID.randomUUID().toString());
        event.put("event_type", type);
        event.put("event_timestamp", eventTime);
        root.set("event", event);
    }

    public static StoredEventBuilder event(String app, String type, long eventTime) {
        return new StoredEventBuilder(app, type, eventTime);
    }

    public StoredEventBuilder id(String id) {
        event.put("event_id", id);
        return this;
    }

    public StoredEventBuilder receivedAt(long millis) {
        root.put("received_at", millis);
        return this;
    }

    public StoredEventBuilder field(String name, String value) {
        event.put(name, value);
        return this;
    }

    public StoredEventBuilder field(String name, double value) {
        event.put(name, value);
        return this;
    }

    public StoredEventBuilder field(String name, long value) {
        event.put(name, value);
        return this;
    }

    /** Sets a nested object attribute from JSON text. */
    public StoredEventBuilder json(String name, String jsonText) {
        try {
            event.set(name, JSON.readTree(jsonText));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public String eventId() {
        return event.path("event_id").asText();
    }

    public byte[] bytes() {
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record key: client_id bytes, empty when absent. */
    public byte[] key() {
        return event.path("client_id").asText("").getBytes(StandardCharsets.UTF_8);
    }
}
