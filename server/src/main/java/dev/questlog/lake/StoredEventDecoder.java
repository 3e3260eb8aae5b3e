package dev.questlog.lake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.log.ReadRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns a record of stream {@code events} (StoredEvent JSON of the shared contract:
 * {@code {"app","received_at","trust","key_id","event_time","event":{…}}}) into an {@link EventRow}. The
 * {@code raw} column is the exact text of the {@code event} object as stored (byte for byte), so the lake stays
 * lossless whatever the typed columns make of it. Works on the wire format rather than the event module's classes
 * so that it needs no re-serialisation. Thread-safe (stateless).
 */
final class StoredEventDecoder {
    static final String UNDECODABLE_APP = "_undecodable";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern APP_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> ENVELOPE = Set.of("event_id", "event_type", "event_timestamp", "event_version",
            "app_name", "app_version", "client_id", "session_id", "level_id", "position_x", "position_y", "position_z",
            "sent_at");

    /** Decodes a record; a record that is not StoredEvent JSON becomes an {@link #UNDECODABLE_APP} row keeping it. */
    EventRow decode(ReadRecord record) {
        try {
            return decodeOrThrow(record);
        } catch (IOException | RuntimeException e) {
            return undecodable(record);
        }
    }

    /** True if the row stands for a record that could not be decoded. */
    static boolean isUndecodable(EventRow row) {
        return UNDECODABLE_APP.equals(row.app());
    }

    private EventRow decodeOrThrow(ReadRecord record) throws IOException {
        byte[] value = record.value();
        ObjectNode top = JSON.createObjectNode();
        ObjectNode event = null;
        String raw = null;
        try (JsonParser p = JSON.getFactory().createParser(value)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("event".equals(name) && t == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    event = JSON.readTree(p);
                    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
                    raw = new String(value, start, end - start, StandardCharsets.UTF_8);
                } else {
                    top.set(name, JSON.readTree(p));
                }
            }
        }
        expect(event != null, "no event object");
        return row(top, event, raw, record);
    }

    private static EventRow row(ObjectNode top, ObjectNode ev, String raw, ReadRecord r) {
        String app = requiredText(top, "app");
        expect(APP_NAME.matcher(app).matches(), "app name unfit for a directory");
        ObjectNode attributes = ev.deepCopy();
        attributes.remove(ENVELOPE);
        return new EventRow(text(ev, "event_id"), text(ev, "event_type"), requiredLong(top, "event_time"),
                longOrNull(ev, "event_timestamp"), requiredLong(top, "received_at"), app, text(ev, "app_version"),
                text(ev, "event_version"), text(ev, "client_id"), text(ev, "session_id"), text(ev, "level_id"),
                doubleOrNull(ev, "position_x"), doubleOrNull(ev, "position_y"), doubleOrNull(ev, "position_z"),
                longOrNull(ev, "sent_at"), text(top, "trust"), text(top, "key_id"), attributes.toString(), raw,
                r.partition(), r.offset());
    }

    private static EventRow undecodable(ReadRecord r) {
        String raw = new String(r.value(), StandardCharsets.UTF_8);
        return new EventRow(null, null, r.timestampMillis(), null, r.timestampMillis(), UNDECODABLE_APP, null, null,
                null, null, null, null, null, null, null, null, null, "{}", raw, r.partition(), r.offset());
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String requiredText(JsonNode n, String field) {
        String v = text(n, field);
        expect(v != null && !v.isEmpty(), "no " + field);
        return v;
    }

    private static long requiredLong(JsonNode n, String field) {
        Long v = longOrNull(n, field);
        expect(v != null, "no " + field);
        return v;
    }

    static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
    }

    private static Double doubleOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("not a stored event: " + what);
        }
    }
}
