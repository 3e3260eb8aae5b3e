package dev.questlog.event;

import static dev.questlog.event.Fields.*;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Writes an {@link Event} as compact JSON and reads it back. Field order: the envelope in PRODUCT.md order (only the
 * fields present), then the attributes in their original order with their raw text. Strings are written with
 * minimal escaping (non-ASCII as UTF-8); positions in their shortest exact form ({@code 1.50} becomes {@code 1.5}).
 * {@code read(write(e)).equals(e)} holds for every event. Thread-safe.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The event as compact JSON. To write many, {@link StoredEventCodec.Encoder#writeEvent} is cheaper. */
    public static byte[] write(Event e) {
        try (StoredEventCodec.Encoder encoder = new StoredEventCodec.Encoder()) {
            return encoder.writeEvent(e);
        }
    }

    /** Writes the event as one JSON object to {@code g} (for codecs that embed it, like {@link StoredEvent}). */
    static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField(EVENT_ID, e.eventId());
        g.writeStringField(EVENT_TYPE, e.eventType());
        g.writeNumberField(EVENT_TIMESTAMP, e.eventTimestamp());
        optional(g, EVENT_VERSION, e.eventVersion());
        optional(g, APP_NAME, e.appName());
        optional(g, APP_VERSION, e.appVersion());
        optional(g, CLIENT_ID, e.clientId());
        optional(g, SESSION_ID, e.sessionId());
        optional(g, LEVEL_ID, e.levelId());
        optional(g, POSITION_X, e.positionX());
        optional(g, POSITION_Y, e.positionY());
        optional(g, POSITION_Z, e.positionZ());
        if (e.sentAt() != null) {
            g.writeNumberField(SENT_AT, e.sentAt());
        }
        Attributes a = e.attributes();
        for (int i = 0; i < a.size(); i++) {
            g.writeFieldName(a.name(i));
            g.writeRawValue(a.rawValue(i));
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void optional(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(Json.numberText(value));
        }
    }

    /**
     * Reads an event QuestLog wrote itself (from the log, the lake): the envelope is checked, but no timestamp
     * window applies.
     *
     * @throws IllegalArgumentException if the bytes are not one valid event object
     */
    public static Event read(byte[] json) {
        return read(json, 0, json.length);
    }

    public static Event read(byte[] json, int offset, int length) {
        try (JsonParser p = Json.TRUSTED.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(Reasons.notAnObject());
            }
            Event e = read(p, json, offset);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected data after the event object");
            }
            return e;
        } catch (IOException ex) {
            throw new IllegalArgumentException("event: invalid JSON: " + ex.getMessage(), ex);
        }
    }

    /** Reads the object at the parser's START_OBJECT; {@code base} is where the parser's input starts in buf. */
    static Event read(JsonParser p, byte[] buf, int base) throws IOException {
        EventReader reader = new EventReader(null, 0);
        if (!reader.read(p, buf, base)) {
            throw new IllegalArgumentException(reader.reason);
        }
        return reader.event;
    }
}
