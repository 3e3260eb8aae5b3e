package dev.questlog.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link EventParser#scan}: proves, in one pass over the bytes and without Jackson, that an event
 * is plain and valid, and fills the lean results of an {@link EventReader} as its Jackson read would.
 *
 * <p>Plain: one object whose names and string values are printable ASCII without escapes, whose values are strings,
 * numbers without an exponent (shorter than 300 characters), {@code true}, {@code false} or {@code null} (no nested
 * object or array), with no repeated name, whitespace only where JSON allows it, every envelope check passing and at
 * most 1 MiB long. That is what SDKs send. Anything else is answered with -1, and the caller reads the event with
 * Jackson, which gives every verdict and reason: this class never judges an event invalid, it only recognizes valid
 * ones, so the outcome of a body never depends on which reader ran ({@code EventScanTest} compares both with
 * {@link EventParser#parse}). A plain event is ASCII, so it needs no separate UTF-8 check either.
 *
 * <p>Why: Jackson's tokenizer was about half of the collector's HTTP-thread CPU per event (hashing every field name
 * into its symbol table, decoding values into its text buffer, one pass for the tokens and one for the UTF-8 check).
 * Not thread-safe; one instance per parse call, like its {@link EventReader}.
 */
final class PlainEventReader {
    /** Plain events are at most this long (Jackson's own limits on strings and numbers lie far above it). */
    private static final int MAX_PLAIN_BYTES = 1 << 20;
    /** Longer numbers are left to Jackson, which decides whether they are finite (see EventReader). */
    private static final int MAX_NUMBER_CHARS = 299;
    /** Longest epoch-millisecond text read here: 18 digits cannot overflow a long. */
    private static final int MAX_MILLIS_DIGITS = 18;
    private static final int MAX_ATTRIBUTES = 64;

    /** Envelope names by bit number (bit {@code 1 << k} is {@code NAMES[k]}), as in {@link EventReader}. */
    private static final byte[][] NAMES = names(Fields.EVENT_ID, Fields.EVENT_TYPE, Fields.EVENT_TIMESTAMP,
            Fields.EVENT_VERSION, Fields.APP_NAME, Fields.APP_VERSION, Fields.CLIENT_ID, Fields.SESSION_ID,
            Fields.LEVEL_ID, Fields.POSITION_X, Fields.POSITION_Y, Fields.POSITION_Z, Fields.SENT_AT);
    /** The first and the last 8 bytes of each name of 8 bytes or more, as little-endian longs. */
    private static final long[] NAME_HEAD = new long[NAMES.length];
    private static final long[] NAME_TAIL = new long[NAMES.length];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;

    static {
        for (int k = 0; k < NAMES.length; k++) {
            if (NAMES[k].length >= 8) {
                NAME_HEAD[k] = (long) LONGS.get(NAMES[k], 0);
                NAME_TAIL[k] = (long) LONGS.get(NAMES[k], NAMES[k].length - 8);
            }
        }
    }

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private static final int STRING = 1;
    private static final int INT = 2;
    private static final int FLOAT = 3;
    private static final int LITERAL = 4;
    private static final int JSON_NULL = 5;

    private final EventReader reader;
    private final UuidBits uuid = new UuidBits();
    /** The envelope name's number (index into {@link #NAMES}) last seen at each field position, or -1. */
    private final int[] nameAtPosition = new int[16];
    private final int[] attributeStart = new int[MAX_ATTRIBUTES];
    private final int[] attributeLength = new int[MAX_ATTRIBUTES];

    /** The last valid event type read here and its bytes; the same for the last app name. */
    private String lastType;
    private byte[] lastTypeBytes;
    private byte[] lastAppNameBytes;
    private String lastAppName;

    /** The kind of the value just read by {@link #value} and where its text ends (exclusive). */
    private int kind;
    private int valueEnd;

    PlainEventReader(EventReader reader) {
        this.reader = reader;
        Arrays.fill(nameAtPosition, -1);
    }

    /**
     * Reads the object at {@code b[start]} (a {@code {}) when it is a plain valid event: fills the reader's lean
     * results and returns the index just past the object's {@code }}. Returns -1, having changed nothing a caller
     * reads, for anything else.
     */
    int read(byte[] b, int start, int limit) {
        limit = limit - start > MAX_PLAIN_BYTES ? start + MAX_PLAIN_BYTES : limit;
        int seen = 0;
        int attributes = 0;
        long idMsb = 0;
        long idLsb = 0;
        String type = null;
        String appName = null;
        byte[] clientId = null;
        long timestamp = 0;
        boolean hasSentAt = false;
        long sentAt = 0;
        int i = ws(b, start + 1, limit);
        for (int position = 0; ; position++) {
            if (i >= limit || b[i] != '"') {
                return -1;
            }
            int nameStart = i + 1;
            int nameEnd = stringEnd(b, nameStart, limit);
            if (nameEnd < 0) {
                return -1;
            }
            i = ws(b, nameEnd + 1, limit);
            if (i >= limit || b[i] != ':') {
                return -1;
            }
            i = ws(b, i + 1, limit);
            if (i >= limit || !value(b, i, limit)) {
                return -1;
            }
            int s = i;
            int n = valueEnd - i;
            int name = envelopeName(b, nameStart, nameEnd - nameStart, position);
            if (name < 0) {
                if (attributes == MAX_ATTRIBUTES || isRepeated(b, nameStart, nameEnd - nameStart, attributes)) {
                    return -1;
                }
                attributeStart[attributes] = nameStart;
                attributeLength[attributes++] = nameEnd - nameStart;
            } else {
                int bit = 1 << name;
                if ((seen & bit) != 0) {
                    return -1;
                }
                seen |= bit;
                switch (name) {
                    case 0 -> {
                        if (kind != STRING || n != UuidBits.TEXT_LENGTH + 2 || !uuid.read(b, s + 1)) {
                            return -1;
                        }
                        idMsb = uuid.msb;
                        idLsb = uuid.lsb;
                    }
                    case 1 -> {
                        type = kind == STRING ? eventType(b, s + 1, n - 2) : null;
                        if (type == null) {
                            return -1;
                        }
                    }
                    case 2 -> {
                        if (kind != INT || !millis(b, s, n)) {
                            return -1;
                        }
                        timestamp = millis;
                    }
                    case 4 -> {
                        if (kind != STRING && kind != JSON_NULL) {
                            return -1;
                        }
                        appName = kind == STRING ? appName(b, s + 1, n - 2) : null;
                    }
                    case 6 -> {
                        if (kind != STRING && kind != JSON_NULL) {
                            return -1;
                        }
                        clientId = kind == STRING ? Arrays.copyOfRange(b, s + 1, s + n - 1) : null;
                    }
                    case 9, 10, 11 -> {
                        if (kind != INT && kind != FLOAT && kind != JSON_NULL) {
                            return -1;
                        }
                    }
                    case 12 -> {
                        if (kind != JSON_NULL) {
                            if (kind != INT || !millis(b, s, n)) {
                                return -1;
                            }
                            hasSentAt = true;
                            sentAt = millis;
                        }
                    }
                    default -> {
                        // event_version, app_version, session_id, level_id: a string, or null for absent
                        if (kind != STRING && kind != JSON_NULL) {
                            return -1;
                        }
                    }
                }
            }
            i = ws(b, valueEnd, limit);
            if (i >= limit) {
                return -1;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = ws(b, i + 1, limit);
        }
        if ((seen & 7) != 7) {
            return -1;
        }
        reader.plain(idMsb, idLsb, type, appName, clientId, timestamp, hasSentAt, sentAt);
        return i + 1;
    }

    // ---- values

    /** Reads the value at {@code b[i]} into {@link #kind} and {@link #valueEnd}; false when it is not plain. */
    private boolean value(byte[] b, int i, int limit) {
        byte c = b[i];
        if (c == '"') {
            int end = stringEnd(b, i + 1, limit);
            kind = STRING;
            valueEnd = end + 1;
            return end >= 0;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(b, i, limit);
        }
        byte[] literal = c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : null;
        if (literal == null || limit - i < literal.length
                || !Arrays.equals(b, i, i + literal.length, literal, 0, literal.length)) {
            return false;
        }
        // What follows must be a separator; the caller checks that ("nullx" is not plain).
        kind = literal == NULL ? JSON_NULL : LITERAL;
        valueEnd = i + literal.length;
        return true;
    }

    /**
     * Index of the closing quote of the string whose text starts at {@code from}, or -1 if it is not plain. Looks at
     * 8 bytes per step: the lowest byte that the word tricks flag (a quote, a backslash, a byte below 0x20 or above
     * 0x7F) is always a true one, since their false positives only ever sit above a true one.
     */
    private static int stringEnd(byte[] b, int from, int limit) {
        int i = from;
        for (; i + 8 <= limit; i += 8) {
            long x = (long) LONGS.get(b, i);
            long q = x ^ QUOTES;
            long e = x ^ BACKSLASHES;
            long flagged = ((q - ONES) & ~q | (e - ONES) & ~e | (x - SPACES) & ~x | x) & HIGH_BITS;
            if (flagged != 0) {
                int at = i + (Long.numberOfTrailingZeros(flagged) >>> 3);
                return b[at] == '"' ? at : -1;
            }
        }
        for (; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            // Escapes, control characters and non-ASCII bytes (negative) are Jackson's to judge.
            if (c < 0x20 || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A JSON number without an exponent: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?}. What follows it must be a separator;
     * the caller checks that (so {@code 01} or {@code 1.5.3} are not plain).
     */
    private boolean number(byte[] b, int i, int limit) {
        int p = b[i] == '-' ? i + 1 : i;
        // The integer part's value on the way (used by millis, which reads at most 18 digits: no overflow there).
        long v = 0;
        int digits = p;
        while (digits < limit && b[digits] >= '0' && b[digits] <= '9') {
            v = v * 10 + (b[digits++] - '0');
        }
        integerValue = v;
        if (digits == p || (b[p] == '0' && digits > p + 1)) {
            return false;
        }
        kind = INT;
        p = digits;
        if (p < limit && b[p] == '.') {
            int fraction = digitsEnd(b, p + 1, limit);
            if (fraction == p + 1) {
                return false;
            }
            kind = FLOAT;
            p = fraction;
        }
        if (p < limit && (b[p] == 'e' || b[p] == 'E')) {
            return false;
        }
        valueEnd = p;
        return p - i <= MAX_NUMBER_CHARS;
    }

    private static int digitsEnd(byte[] b, int i, int limit) {
        while (i < limit && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The value of the integer part of the number last read by {@link #number} (exact up to 18 digits). */
    private long integerValue;
    /** Set by {@link #millis}. */
    private long millis;

    /**
     * Whether the integer {@code b[s, s + n)}, just read by {@link #number}, is short enough to read here and
     * inside the timestamp window.
     */
    private boolean millis(byte[] b, int s, int n) {
        boolean negative = b[s] == '-';
        if (n - (negative ? 1 : 0) > MAX_MILLIS_DIGITS) {
            return false;
        }
        millis = negative ? -integerValue : integerValue;
        return millis >= reader.minTimestamp && millis <= reader.maxTimestamp;
    }

    /** The event type {@code b[s, s + n)} when valid (the last one read when it is the same), else null. */
    private String eventType(byte[] b, int s, int n) {
        if (lastType != null && lastTypeBytes.length == n && Arrays.equals(b, s, s + n, lastTypeBytes, 0, n)) {
            return lastType;
        }
        String text = new String(b, s, n, StandardCharsets.US_ASCII);
        if (!Fields.isEventType(text)) {
            return null;
        }
        lastTypeBytes = Arrays.copyOfRange(b, s, s + n);
        lastType = text;
        return text;
    }

    /** The app name {@code b[s, s + n)}: the last one read when it is the same (a String per body, not per event). */
    private String appName(byte[] b, int s, int n) {
        if (lastAppName == null || lastAppNameBytes.length != n
                || !Arrays.equals(b, s, s + n, lastAppNameBytes, 0, n)) {
            lastAppNameBytes = Arrays.copyOfRange(b, s, s + n);
            lastAppName = new String(lastAppNameBytes, StandardCharsets.US_ASCII);
        }
        return lastAppName;
    }

    // ---- names

    /**
     * The number of the envelope name {@code b[s, s + n)}, or -1 for an attribute. Producers send the same fields in
     * the same order, so the name last seen at this position is tried first (one comparison instead of a search).
     */
    private int envelopeName(byte[] b, int s, int n, int position) {
        if (position < nameAtPosition.length) {
            int guess = nameAtPosition[position];
            if (guess >= 0 && isName(b, s, n, guess)) {
                return guess;
            }
        }
        int found = -1;
        for (int k = 0; k < NAMES.length && found < 0; k++) {
            if (isName(b, s, n, k)) {
                found = k;
            }
        }
        if (found >= 0 && position < nameAtPosition.length) {
            nameAtPosition[position] = found;
        }
        return found;
    }

    /** Whether {@code b[s, s + n)} is {@code NAMES[k]}: two word compares for names of 8 to 16 bytes. */
    private static boolean isName(byte[] b, int s, int n, int k) {
        byte[] name = NAMES[k];
        if (name.length != n) {
            return false;
        }
        if (n >= 8) {
            return (long) LONGS.get(b, s) == NAME_HEAD[k] && (long) LONGS.get(b, s + n - 8) == NAME_TAIL[k];
        }
        for (int i = 0; i < n; i++) {
            if (b[s + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isRepeated(byte[] b, int s, int n, int attributes) {
        for (int k = 0; k < attributes; k++) {
            int t = attributeStart[k];
            if (attributeLength[k] == n && Arrays.equals(b, s, s + n, b, t, t + n)) {
                return true;
            }
        }
        return false;
    }

    /** Whitespace as JSON has it: space, tab, CR, LF. */
    private static int ws(byte[] b, int i, int limit) {
        while (i < limit) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            out[k] = ascii(names[k]);
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
