package dev.questlog.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A rejected event as appended to stream {@code failed-events} (shared contract):
 * {@code {"app":…,"key_id":…,"received_at":ms,"reason":"…","field":…,"index":i,"event_id":…|null,"raw":"…"}}.
 * A body that could not be parsed at all is recorded once with {@code index} -1.
 *
 * @param raw the original event text (invalid UTF-8 is replaced by U+FFFD)
 */
public record FailedEvent(String app, String keyId, long receivedAt, String reason, String field, int index,
                          String eventId, String raw) {
    public static final String STREAM = "failed-events";
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public FailedEvent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(raw, "raw");
    }

    public static FailedEvent of(String app, String keyId, long receivedAt, Rejection r, byte[] raw) {
        return new FailedEvent(app, keyId, receivedAt, r.reason(), r.field(), r.index(), r.eventId(),
                new String(raw, StandardCharsets.UTF_8));
    }

    /** The record value: UTF-8 JSON in the field order of the contract. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length() + 200);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("app", app);
            g.writeStringField("key_id", keyId);
            g.writeNumberField("received_at", receivedAt);
            g.writeStringField("reason", reason);
            g.writeStringField("field", field);
            g.writeNumberField("index", index);
            g.writeStringField("event_id", eventId);
            g.writeStringField("raw", raw);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Parses a record value written by {@link #toJson()}. */
    public static FailedEvent fromJson(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new FailedEvent(text(n, "app"), text(n, "key_id"), n.path("received_at").asLong(),
                    n.path("reason").asText(), text(n, "field"), n.path("index").asInt(-1), text(n, "event_id"),
                    n.path("raw").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not a failed-events record", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
