package dev.questlog.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An event's original text and the order of its fields as a {@link RawEvents} layout (e.g. {@code itTcsla*xy***S}).
 * The layout is null when it could not describe the event (a null envelope field, which the typed columns cannot
 * tell from an absent one); the writer then keeps the text.
 *
 * @param text   the event object's exact text
 * @param layout one character per field, or null
 */
record RawLayout(String text, String layout) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Reads the event object starting at byte {@code start} of {@code value} (a stored event JSON). */
    static RawLayout of(byte[] value, int start) throws IOException {
        StringBuilder layout = new StringBuilder(24);
        boolean describable = true;
        try (JsonParser p = JSON.createParser(value, start, value.length - start)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                char code = code(p.currentName());
                if (p.nextToken() == JsonToken.VALUE_NULL && code != '*') {
                    describable = false;
                }
                layout.append(code);
                p.skipChildren();
            }
            int end = start + (int) p.currentTokenLocation().getByteOffset() + 1;
            String text = new String(value, start, end - start, StandardCharsets.UTF_8);
            return new RawLayout(text, describable ? layout.toString() : null);
        }
    }

    private static char code(String field) {
        return switch (field) {
            case "event_id" -> 'i';
            case "event_type" -> 't';
            case "event_timestamp" -> 'T';
            case "event_version" -> 'v';
            case "app_name" -> 'n';
            case "app_version" -> 'a';
            case "client_id" -> 'c';
            case "session_id" -> 's';
            case "level_id" -> 'l';
            case "position_x" -> 'x';
            case "position_y" -> 'y';
            case "position_z" -> 'z';
            case "sent_at" -> 'S';
            default -> '*';
        };
    }
}
