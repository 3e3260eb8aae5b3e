package dev.questlog.event;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * The JSON form of {@link StoredEvent} on stream {@code events}:
 * {@code {"app":"…","received_at":1700000000000,"trust":"server","key_id":"…","event_time":1700000000000,
 * "event":{…as EventJson.write…}}}. Decoding streams with Jackson, ignores unknown fields (newer writers) and
 * accepts the fields in any order. Thread-safe.
 */
public final class StoredEventCodec {
    private StoredEventCodec() {
    }

    public static byte[] encode(StoredEvent e) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(320)) {
            try (JsonGenerator g = Json.TRUSTED.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("app", e.app());
                g.writeNumberField("received_at", e.receivedAt());
                g.writeStringField("trust", e.trust().jsonName());
                g.writeStringField("key_id", e.keyId());
                g.writeNumberField("event_time", e.eventTime());
                g.writeFieldName("event");
                EventJson.write(g, e.event());
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory failed", ex);
        }
    }

    public static StoredEvent decode(byte[] json) {
        return decode(json, 0, json.length);
    }

    /** @throws IllegalArgumentException if the bytes are not a stored event */
    public static StoredEvent decode(byte[] json, int offset, int length) {
        try (JsonParser p = Json.TRUSTED.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("stored event: not a JSON object");
            }
            return readFields(p, json, offset);
        } catch (IOException ex) {
            throw new IllegalArgumentException("stored event: invalid JSON: " + ex.getMessage(), ex);
        }
    }

    private static StoredEvent readFields(JsonParser p, byte[] json, int base) throws IOException {
        String app = null;
        String trust = null;
        String keyId = null;
        long receivedAt = Long.MIN_VALUE;
        long eventTime = Long.MIN_VALUE;
        Event event = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "app" -> app = p.getText();
                case "received_at" -> receivedAt = p.getLongValue();
                case "trust" -> trust = p.getText();
                case "key_id" -> keyId = v == JsonToken.VALUE_NULL ? null : p.getText();
                case "event_time" -> eventTime = p.getLongValue();
                case "event" -> {
                    if (v != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("stored event: \"event\" is not an object");
                    }
                    event = EventJson.read(p, json, base);
                }
                default -> p.skipChildren();
            }
        }
        if (app == null || trust == null || event == null || receivedAt == Long.MIN_VALUE
                || eventTime == Long.MIN_VALUE) {
            throw new IllegalArgumentException("stored event: needs app, received_at, trust, event_time and event");
        }
        return new StoredEvent(app, receivedAt, Trust.fromJsonName(trust), keyId, eventTime, event);
    }
}
