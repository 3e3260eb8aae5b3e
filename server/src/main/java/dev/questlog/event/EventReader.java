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
 * <p>Lean mode ({@link EventParser#scan}) makes the same checks with the same outcome and reasons, but keeps only
 * what a {@link ScannedBatch} holds: the event id as two longs, the type, app name, client id, timestamp and
 * {@code sent_at}. Other strings are checked to be strings but not decoded into {@code String}s, numbers are checked
 * to be finite without converting those that cannot be otherwise, and no {@link Event} is built: on the ingest
 * path every decoded value that nobody reads is garbage made per event.
 *
 * <p>Not thread-safe: one instance per parse call, reused for every event of the call.
 */
final class EventReader {
    /** A JSON number with fewer digits than this and no exponent is below {@link Double#MAX_VALUE}, so finite. */
    private static final int SURELY_FINITE_CHARS = 300;

    /** The timestamp window, inclusive (epoch ms). */
    final long minTimestamp;
    final long maxTimestamp;
    private final ParserLimits limits;
    private final boolean lean;
    private final UuidBits uuid = new UuidBits();

    /** Results of the last {@link #read}: the event when valid (full mode), else the first error. */
    Event event;
    String field;
    String reason;
    /** The event_id as sent, when it is not a UUID or when it was read in full mode; see {@link #eventId()}. */
    private String eventIdText;
    /** Whether {@link #idMsb} and {@link #idLsb} hold the event_id (a UUID) of the last read. */
    private boolean idBits;

    /** Results of the last valid {@link #read} in lean mode (and the id bits in both modes). */
    long idMsb;
    long idLsb;
    String type;
    String appName;
    /** The client id's UTF-8 bytes when it is ASCII (the common case, read without a String), else null. */
    byte[] clientIdAscii;
    /** The client id when it is not ASCII, else null. */
    String clientIdText;
    long timestamp;
    boolean hasSentAt;
    long sentAt;
    /**
     * The field names of the events read so far by position, with their {@link #bit}s. Producers send the same
     * fields in the same order, and Jackson hands out one String instance per name, so an identity check usually
     * replaces the string switch (a hash and an equals per field).
     */
    private final String[] namesByPosition = new String[16];
    private final int[] bitsByPosition = new int[16];
    /** The last valid event type read, reused while the next events carry the same one (no String per event). */
    private String lastType;

    /**
     * @param limits the timestamp window, or null for trusted input (our own log), where no window applies
     * @param nowMillis the server clock when the batch is parsed
     */
    EventReader(ParserLimits limits, long nowMillis) {
        this(limits, nowMillis, false);
    }

    /** @param lean see the class comment */
    EventReader(ParserLimits limits, long nowMillis, boolean lean) {
        this.limits = limits;
        this.lean = lean;
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
     * The {@code event_id} of the last read if it was a JSON string that could be read (lower-cased when it is a
     * UUID, as sent when it is not), else null.
     */
    String eventId() {
        if (eventIdText == null && idBits) {
            eventIdText = new java.util.UUID(idMsb, idLsb).toString();
        }
        return eventIdText;
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token, through its END_OBJECT.
     *
     * @param buf the bytes the parser reads, from {@code base} (Jackson's offsets are relative to it)
     * @return whether the event is valid ({@link #event} is set), else {@link #reason} says why
     */
    boolean read(JsonParser p, byte[] buf, int base) throws IOException {
        event = null;
        eventIdText = null;
        idBits = false;
        field = null;
        reason = null;
        clientIdAscii = null;
        clientIdText = null;
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
        int position = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = bitAt(position++, name);
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
                case 16 -> appName = text(p, v, buf, base, APP_NAME);
                case 32 -> appVersion = string(p, v, buf, base, APP_VERSION);
                case 64 -> clientId = clientId(p, v, buf, base);
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
                    if (lean) {
                        // Only the names are needed (for the duplicate check); Jackson still checks the value.
                        p.skipChildren();
                        attributes.add(name, null);
                    } else {
                        attributes.add(name, rawValue(p, v, buf, base));
                    }
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
        if (lean) {
            this.type = type;
            this.appName = appName;
            this.timestamp = timestamp;
            this.hasSentAt = sentAt != null;
            this.sentAt = sentAt == null ? 0 : sentAt;
            return true;
        }
        event = new Event(eventIdText, type, timestamp, version, appName, appVersion, clientId, sessionId, levelId, x,
                y, z, sentAt, attributes == null ? Attributes.empty() : attributes.build());
        return true;
    }

    /** Sets the results of a lean read to those of a valid event that {@link PlainEventReader} read. */
    void plain(long idMsb, long idLsb, String type, String appName, byte[] clientIdAscii, long timestamp,
               boolean hasSentAt, long sentAt) {
        event = null;
        field = null;
        reason = null;
        eventIdText = null;
        idBits = true;
        this.idMsb = idMsb;
        this.idLsb = idLsb;
        this.type = type;
        this.appName = appName;
        this.clientIdAscii = clientIdAscii;
        this.clientIdText = null;
        this.timestamp = timestamp;
        this.hasSentAt = hasSentAt;
        this.sentAt = sentAt;
    }

    private int bitAt(int position, String name) {
        if (position >= namesByPosition.length) {
            return bit(name);
        }
        if (namesByPosition[position] != name) {
            namesByPosition[position] = name;
            bitsByPosition[position] = bit(name);
        }
        return bitsByPosition[position];
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
        if (lean && p.getTextLength() == UuidBits.TEXT_LENGTH
                && uuidBits(p.getTextCharacters(), p.getTextOffset())) {
            return;
        }
        String text = p.getText();
        String canonical = Fields.canonicalUuid(text);
        eventIdText = canonical == null ? text : canonical;
        if (canonical == null) {
            reject(EVENT_ID, Reasons.notAUuid(Json.quote(text)));
        }
    }

    /** Sets {@link #idMsb} and {@link #idLsb} from 8-4-4-4-12 hex digits (either case) at {@code c[at]}. */
    private boolean uuidBits(char[] c, int at) {
        if (!uuid.read(c, at)) {
            return false;
        }
        idMsb = uuid.msb;
        idLsb = uuid.lsb;
        idBits = true;
        return true;
    }

    private String eventType(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            reject(EVENT_TYPE, Reasons.notAString(EVENT_TYPE, rawValue(p, v, buf, base)));
            return null;
        }
        if (lean && lastType != null && sameText(p, lastType)) {
            return lastType;
        }
        String text = p.getText();
        if (!Fields.isEventType(text)) {
            reject(EVENT_TYPE, Reasons.badEventType(Json.quote(text)));
            return null;
        }
        lastType = text;
        return text;
    }

    private static boolean sameText(JsonParser p, String s) throws IOException {
        int n = p.getTextLength();
        if (n != s.length()) {
            return false;
        }
        char[] c = p.getTextCharacters();
        int at = p.getTextOffset();
        for (int i = 0; i < n; i++) {
            if (c[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The client id; in lean mode kept as bytes ({@link #clientIdAscii}) when it is ASCII. */
    private String clientId(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException {
        if (!lean || v != JsonToken.VALUE_STRING) {
            return string(p, v, buf, base, CLIENT_ID);
        }
        char[] c = p.getTextCharacters();
        int at = p.getTextOffset();
        int n = p.getTextLength();
        byte[] ascii = new byte[n];
        for (int i = 0; i < n; i++) {
            char ch = c[at + i];
            if (ch >= 128) {
                clientIdText = p.getText();
                return null;
            }
            ascii[i] = (byte) ch;
        }
        clientIdAscii = ascii;
        return null;
    }

    /** A string field, decoded in either mode; JSON null means absent. */
    private String text(JsonParser p, JsonToken v, byte[] buf, int base, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        return string(p, v, buf, base, name);
    }

    /** A string field (null in lean mode: only checked); JSON null means absent. */
    private String string(JsonParser p, JsonToken v, byte[] buf, int base, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            // Lean: the value is not needed; Jackson checks it when it skips it.
            return lean ? null : p.getText();
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
        if (lean && surelyFinite(p, v)) {
            return null;
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            reject(name, Reasons.notFinite(name, p.getText()));
            return null;
        }
        return d;
    }

    /** True for a number too short to overflow a double: one without an exponent and with few digits. */
    private static boolean surelyFinite(JsonParser p, JsonToken v) throws IOException {
        int n = p.getTextLength();
        if (n >= SURELY_FINITE_CHARS) {
            return false;
        }
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return true;
        }
        char[] c = p.getTextCharacters();
        int at = p.getTextOffset();
        for (int i = at; i < at + n; i++) {
            if (c[i] == 'e' || c[i] == 'E') {
                return false;
            }
        }
        return true;
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
