package dev.questlog.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An event's original text and its {@link RawEvents} layout: the same text with every envelope value replaced by
 * that field's placeholder and every run of attributes by a run placeholder, followed by the first name of each run
 * after the first, e.g. {@code {"event_id":<U+0001>,…,<U+0011>,"position_x":<U+000C>,…,<U+0012>}<U+001F>"seq"}.
 * The layout is null when it cannot describe the event (more than {@link RawEvents#MAX_RUNS} runs of attributes);
 * the writer then keeps the text.
 *
 * @param text   the event object's exact text
 * @param layout the layout, or null
 */
record RawLayout(String text, String layout) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Reads the event object starting at byte {@code start} of {@code value} (a stored event JSON). */
    static RawLayout of(byte[] value, int start) throws IOException {
        ByteArrayOutputStream template = new ByteArrayOutputStream(256);
        StringBuilder runKeys = new StringBuilder();
        int runs = 0;
        int copied = start; // value[start, copied) is in the template already
        boolean inRun = false;
        try (JsonParser p = JSON.createParser(value, start, value.length - start)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int nameStart = start + (int) p.currentTokenLocation().getByteOffset();
                String name = p.currentName();
                int envelope = RawEvents.envelopeIndex(name);
                JsonToken t = p.nextToken();
                int valueStart = start + (int) p.currentTokenLocation().getByteOffset();
                skipValue(p, t);
                int valueEnd = start + (int) p.currentLocation().getByteOffset();
                if (envelope >= 0) {
                    inRun = false;
                    template.write(value, copied, valueStart - copied);
                    template.write(RawEvents.ENVELOPE_PLACEHOLDERS.charAt(envelope));
                    copied = valueEnd;
                } else if (inRun) {
                    copied = valueEnd; // the run's placeholder stands for this member too
                } else {
                    inRun = true;
                    if (++runs > 1) {
                        runKeys.append(RawEvents.SEPARATOR).append(quoted(name));
                    }
                    template.write(value, copied, nameStart - copied);
                    template.write(RawEvents.runPlaceholder(runs));
                    copied = valueEnd;
                }
            }
            int end = start + (int) p.currentTokenLocation().getByteOffset() + 1;
            template.write(value, copied, end - copied);
            String text = new String(value, start, end - start, StandardCharsets.UTF_8);
            String layout = template.toString(StandardCharsets.UTF_8) + runKeys;
            return new RawLayout(text, runs <= RawEvents.MAX_RUNS ? layout : null);
        }
    }

    /** A name as the attributes column writes it (the rebuild finds a run's start by it). */
    private static String quoted(String name) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + '"';
    }

    private static void skipValue(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            p.finishToken();
        } else {
            p.skipChildren();
        }
    }
}
