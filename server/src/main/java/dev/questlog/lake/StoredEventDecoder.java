package dev.questlog.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.questlog.event.Event;
import dev.questlog.event.StoredEvent;
import dev.questlog.log.ReadRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Turns a record of stream {@code events} into an {@link EventRow}: typed columns and attributes from the event
 * model's {@link StoredEvent#decode} (attributes keep their exact JSON text, e.g. {@code 1.50}), {@code raw} as
 * the exact text of the stored {@code event} object, byte for byte, and its {@link RawLayout}. A record that is not
 * a stored event is not dropped: it becomes an {@link #UNDECODABLE_APP} row whose {@code raw} holds the record's
 * bytes. Thread-safe.
 */
final class StoredEventDecoder {
    static final String UNDECODABLE_APP = "_undecodable";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    EventRow decode(ReadRecord record) {
        try {
            StoredEvent s = StoredEvent.decode(record.value());
            if (!APP_NAME.matcher(s.app()).matches()) {
                return undecodable(record); // could not name a directory safely
            }
            byte[] value = record.value();
            return row(s, RawLayout.of(value, rawStart(value)), record);
        } catch (IOException | RuntimeException e) {
            return undecodable(record);
        }
    }

    static boolean isUndecodable(EventRow row) {
        return UNDECODABLE_APP.equals(row.app());
    }

    private static EventRow row(StoredEvent s, RawLayout raw, ReadRecord r) {
        Event e = s.event();
        return new EventRow(e.eventId(), e.eventType(), s.eventTime(), e.eventTimestamp(), s.receivedAt(), s.app(),
                e.appVersion(), e.eventVersion(), e.clientId(), e.sessionId(), e.levelId(), e.positionX(),
                e.positionY(), e.positionZ(), e.sentAt(), s.trust().jsonName(), s.keyId(), e.attributes().toString(),
                raw.text(), raw.layout(), r.partition(), r.offset());
    }

    /** Where the top-level {@code event} object starts in the record, found by a streaming skip (no tree). */
    private static int rawStart(byte[] value) throws IOException {
        try (JsonParser p = JSON.createParser(value)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("event".equals(name) && t == JsonToken.START_OBJECT) {
                    return (int) p.currentTokenLocation().getByteOffset();
                }
                p.skipChildren();
            }
        }
        throw new IllegalArgumentException("stored event without an event object");
    }

    private static EventRow undecodable(ReadRecord r) {
        String raw = new String(r.value(), StandardCharsets.UTF_8);
        return new EventRow(null, null, r.timestampMillis(), null, r.timestampMillis(), UNDECODABLE_APP, null, null,
                null, null, null, null, null, null, null, null, null, "{}", raw, null, r.partition(), r.offset());
    }
}
