package dev.questlog.event;

import static dev.questlog.event.Fields.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one event object from a Jackson streaming parser into an {@link Event}, checking every envelope field.
 * A field error does not stop the read: the object is read to its end (so that its extent and its {@code event_id}
 * are known) and the first error is kept. Syntax errors surface as {@link IOException}s from Jackson.
 *
 * <p>Not thread-safe: one instance per parse call, reused for every event of the call.
 */
final class EventReader {
    private final long minTimestamp;
    private final long maxTimestamp;
    private final ParserLimits limits;

    /** Results of the last {@link #read}: the event when valid, else the first error. */
    Event event;
    String eventId;
    String field;
    String reason;

    /**
     * @param limits the timestamp window, or null for trusted input (our own log), where no window applies
     * @param nowMillis the server clock when the batch is parsed
     */
    EventReader(ParserLimits limits, long nowMillis) {
        this.limits = limits;
        if (limits == null) {
            minTimestamp = Long.MIN_VALUE;
            maxTimestamp = Long.MAX_VALUE;
        } else {
            minTimestamp = saturatedAdd(nowMillis, -limits.timestampMaxPast().toMillis());
            maxTimestamp = saturatedAdd(nowMillis, limits.timestampMaxFuture().toMillis());
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token, through its END_OBJECT.
     *
     * @param buf the bytes the parser reads, from {@code base} (Jackson's offsets are relative to it)
     * @return whether the event is valid ({@link #event} is set), else {@link #reason} says why
     */
    boolean read(JsonParser p, byte[] buf, int base) throws IOException {
        event = null;
        eventId = null;
        field = null;
        reason = null;
        String type = null;
        String version = null;
        String appName = null;
        String appVersion = null;
        String clientId = null;
        String sessionId = null;
        String levelId = null;
        Double x = null;
        Double y = null;
        Double z = null;
        Long sentAt = null;
        long timestamp = 0;
        int seen = 0;
        Attributes.Builder attributes = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = bit(name);
            if (bit != 0) {
                if ((seen & bit) != 0) {
                    reject(name, Reasons.duplicate(name));
                    p.skipChildren();
                    continue;
                }
                seen |= bit;
            }
            switch (bit) {
                case 1 -> readEventId(p, v, buf, base);
                case 2 -> type = eventType(p, v, buf, base);
                case 4 -> {
                    Long ts = epochMillis(p, v, buf, base, EVENT_TIMESTAMP, true);
                    timestamp = ts == null ? 0 : ts;
                }
                case 8 -> version = string(p, v, buf, base, EVENT_VERSION);
                case 16 -> appName = string(p, v, buf, base, APP_NAME);
                case 32 -> appVersion = string(p, v, buf, base, APP_VERSION);
                case 64 -> clientId = string(p, v, buf, base, CLIENT_ID);
                case 128 -> sessionId = string(p, v, buf, base, SESSION_ID);
                case 256 -> levelId = string(p, v, buf, base, LEVEL_ID);
                case 512 -> x = number(p, v, buf, base, POSITION_X);
                case 1024 -> y = number(p, v, buf, base, POSITION_Y);
                case 2048 -> z = number(p, v, buf, base, POSITION_Z);
                case 4096 -> sentAt = epochMillis(p, v, buf, base, SENT_AT, false);
                default -> {
                    if (attributes == null) {
                        attributes = Attributes.trustedBuilder();
                    } else if (attributes.contains(name)) {
                        reject(name, Reasons.duplicate(name));
                        p.skipChildren();
                        continue;
                    }
                    attributes.add(name, rawValue(p, v, buf, base));
                }
            }
        }
        if (reason == null) {
            if ((seen & 1) == 0) {
                reject(EVENT_ID, Reasons.missing(EVENT_ID));
            } else if ((seen & 2) == 0) {
                reject(EVENT_TYPE, Reasons.missing(EVENT_TYPE));
            } else if ((seen & 4) == 0) {
                reject(EVENT_TIMESTAMP, Reasons.missing(EVENT_TIMESTAMP));
            }
        }
        if (reason != null) {
            return false;
        }
        event = new Event(eventId, type, timestamp, version, appName, appVersion, clientId, sessionId, levelId, x, y,
                z, sentAt, attributes == null ? Attributes.empty() : attributes.build());
        return true;
    }

    /** Bits for the fields whose duplicates would be ambiguous; 0 for attributes. */
    private static int bit(String name) {
        return switch (name) {
            case EVENT_ID -> 1;
            case EVENT_TYPE -> 2;
            case EVENT_TIMESTAMP -> 4;
            case EVENT_VERSION -> 8;
            case APP_NAME -> 16;
            case APP_VERSION -> 32;
            case CLIENT_ID -> 64;
            case SESSION_ID -> 128;
            case LEVEL_ID -> 256;
            case POSITION_X -> 512;
            case POSITION_Y -> 1024;
            case POSITION_Z -> 2048;
            case SENT_AT -> 4096;
            default -> 0;
        };
    }

    private void reject(String f, String r) {
        if (reason == null) {
            field = f;
            reason = r;
        }
    }

    private void readEventId(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            reject(EVENT_ID, Reasons.notAString(EVENT_ID, rawValue(p, v, buf, base)));
            return;
        }
        String text = p.getText();
        String canonical = Fields.canonicalUuid(text);
        eventId = canonical == null ? text : canonical;
        if (canonical == null) {
            reject(EVENT_ID, Reasons.notAUuid(Json.quote(text)));
        }
    }

    private String eventType(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            reject(EVENT_TYPE, Reasons.notAString(EVENT_TYPE, rawValue(p, v, buf, base)));
            return null;
        }
        String text = p.getText();
        if (!Fields.isEventType(text)) {
            reject(EVENT_TYPE, Reasons.badEventType(Json.quote(text)));
            return null;
        }
        return text;
    }

    /** A string field; JSON null means absent. */
    private String string(JsonParser p, JsonToken v, byte[] buf, int base, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.VALUE_NULL) {
            reject(name, Reasons.notAString(name, rawValue(p, v, buf, base)));
        }
        return null;
    }

    /** Integral epoch ms inside the window; JSON null means absent unless {@code required}. */
    private Long epochMillis(JsonParser p, JsonToken v, byte[] buf, int base, String name, boolean required)
            throws IOException {
        if (v == JsonToken.VALUE_NULL && !required) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            reject(name, Reasons.notEpochMillis(name, rawValue(p, v, buf, base)));
            return null;
        }
        long ms = p.getLongValue();
        if (ms < minTimestamp) {
            reject(name, Reasons.tooOld(name, ms, limits.timestampMaxPast()));
        } else if (ms > maxTimestamp) {
            reject(name, Reasons.tooNew(name, ms, limits.timestampMaxFuture()));
        }
        return ms;
    }

    /** Any finite JSON number; JSON null means absent. */
    private Double number(JsonParser p, JsonToken v, byte[] buf, int base, String name) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            reject(name, Reasons.notANumber(name, rawValue(p, v, buf, base)));
            return null;
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            reject(name, Reasons.notFinite(name, p.getText()));
            return null;
        }
        return d;
    }

    /**
     * The raw text of the current value, leaving the parser on its last token: numbers and literals as Jackson
     * read them (their exact text), strings and structures sliced from {@code buf} (structures compacted).
     */
    static String rawValue(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException {
        switch (v) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                return p.getText();
            }
            case VALUE_STRING -> {
                // Sliced rather than re-encoded so that escapes stay as sent; finishToken lets Jackson check the
                // string and moves the location past its closing quote.
                int start = base + (int) p.currentTokenLocation().getByteOffset();
                p.finishToken();
                int end = base + (int) p.currentLocation().getByteOffset();
                return new String(buf, start, end - start, StandardCharsets.UTF_8);
            }
            case START_OBJECT, START_ARRAY -> {
                int start = base + (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = base + (int) p.currentLocation().getByteOffset();
                return RawJson.compact(buf, start, end);
            }
            default -> throw new IllegalStateException("not a value token: " + v);
        }
    }
}
