package dev.questlog.event;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The JSON form of {@link StoredEvent} on stream {@code events}:
 * {@code {"app":"…","received_at":1700000000000,"trust":"server","key_id":"…","event_time":1700000000000,
 * "event":{…as EventJson.write…}}}. Decoding streams with Jackson, ignores unknown fields (newer writers) and
 * accepts the fields in any order. Thread-safe.
 */
public final class StoredEventCodec {
    private StoredEventCodec() {
    }

    /** One-off encoding; to encode many (a request's events), use one {@link Encoder}. */
    public static byte[] encode(StoredEvent e) {
        try (Encoder encoder = new Encoder()) {
            return encoder.encode(e);
        }
    }

    /**
     * Encodes many stored events (or events) with one reused generator: create one per request or per thread, and
     * close it when done so that its buffers go back to Jackson's pool. Not thread-safe.
     */
    public static final class Encoder implements AutoCloseable {
        private JsonWriter writer = new JsonWriter();

        public byte[] encode(StoredEvent e) {
            try {
                JsonGenerator g = writer.generator();
                g.writeStartObject();
                g.writeStringField("app", e.app());
                g.writeNumberField("received_at", e.receivedAt());
                g.writeStringField("trust", e.trust().jsonName());
                g.writeStringField("key_id", e.keyId());
                g.writeNumberField("event_time", e.eventTime());
                g.writeFieldName("event");
                EventJson.write(g, e.event());
                g.writeEndObject();
                return writer.finish();
            } catch (IOException | RuntimeException ex) {
                throw reset(ex);
            }
        }

        /** The event alone, as {@link EventJson#write}. */
        public byte[] writeEvent(Event e) {
            try {
                EventJson.write(writer.generator(), e);
                return writer.finish();
            } catch (IOException | RuntimeException ex) {
                throw reset(ex);
            }
        }

        /** A failed write leaves the generator mid-document: start afresh. */
        private RuntimeException reset(Exception ex) {
            writer = new JsonWriter();
            return ex instanceof IOException io ? new UncheckedIOException("writing to memory failed", io)
                    : (RuntimeException) ex;
        }

        @Override
        public void close() {
            writer.close();
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
