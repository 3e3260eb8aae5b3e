package dev.questlog.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The outcome of every event of one request body as {@link EventParser#scan} reads it for the collector: the same
 * validation, the same valid/invalid verdicts and reasons as {@link EventParser#parse}, but a valid event is not
 * made into an {@link Event}: only what ingest needs is kept, in arrays indexed by the event's position (ids as two
 * longs, the type, app name, client id, timestamps, and where the event's bytes are in the body). That is the hot
 * path of {@code POST /v1/events}, where every decoded field nobody reads is garbage made per event.
 *
 * <p>Views the body it was scanned from (no copies of valid events): the body must not change while the batch is
 * used. Invalid events are {@link Outcome.Invalid}s with copies of their bytes, as in {@link ParsedBatch}. Not
 * thread-safe; meant for the one request that scanned it.
 */
public final class ScannedBatch {
    private final byte[] body;
    private int size;
    private int validCount;
    private int[] start;
    private int[] end;
    private Outcome.Invalid[] invalid;
    private long[] idMsb;
    private long[] idLsb;
    private String[] type;
    private String[] appName;
    private byte[][] clientIdAscii;
    private String[] clientIdText;
    private long[] timestamp;
    private long[] sentAt;
    private boolean[] hasSentAt;

    /** @param expected how many events the body probably holds (the arrays grow past it) */
    ScannedBatch(byte[] body, int expected) {
        this.body = body;
        int n = Math.max(1, expected);
        start = new int[n];
        end = new int[n];
        invalid = new Outcome.Invalid[n];
        idMsb = new long[n];
        idLsb = new long[n];
        type = new String[n];
        appName = new String[n];
        clientIdAscii = new byte[n][];
        clientIdText = new String[n];
        timestamp = new long[n];
        sentAt = new long[n];
        hasSentAt = new boolean[n];
    }

    /** Events in the body (valid and invalid). */
    public int size() {
        return size;
    }

    public int validCount() {
        return validCount;
    }

    public boolean isValid(int i) {
        return invalid[java.util.Objects.checkIndex(i, size)] == null;
    }

    /** The rejected event at {@code i}, or null when it is valid. */
    public Outcome.Invalid invalid(int i) {
        return invalid[java.util.Objects.checkIndex(i, size)];
    }

    /** The valid event's id as {@link UUID#getMostSignificantBits()}. */
    public long idMsb(int i) {
        return idMsb[valid(i)];
    }

    public long idLsb(int i) {
        return idLsb[valid(i)];
    }

    /** The valid event's id in canonical lower-case text (made on demand). */
    public String eventId(int i) {
        return new UUID(idMsb[valid(i)], idLsb[i]).toString();
    }

    public String eventType(int i) {
        return type[valid(i)];
    }

    /** The event's {@code app_name}, or null when absent. */
    public String appName(int i) {
        return appName[valid(i)];
    }

    /** The event's {@code client_id}, or null when absent. */
    public String clientId(int i) {
        byte[] ascii = clientIdAscii[valid(i)];
        return ascii != null ? new String(ascii, StandardCharsets.US_ASCII) : clientIdText[i];
    }

    /** The UTF-8 bytes of {@link #clientId} ({@code String.getBytes(UTF_8)}), or null when absent. */
    public byte[] clientIdUtf8(int i) {
        byte[] ascii = clientIdAscii[valid(i)];
        if (ascii != null) {
            return ascii;
        }
        return clientIdText[i] == null ? null : clientIdText[i].getBytes(StandardCharsets.UTF_8);
    }

    public long eventTimestamp(int i) {
        return timestamp[valid(i)];
    }

    public boolean hasSentAt(int i) {
        return hasSentAt[valid(i)];
    }

    /** The event's {@code sent_at} when {@link #hasSentAt}, else 0. */
    public long sentAt(int i) {
        return sentAt[valid(i)];
    }

    /** The body the events are in; valid event {@code i} is {@code body()[rawStart(i), rawEnd(i))}. */
    public byte[] body() {
        return body;
    }

    public int rawStart(int i) {
        return start[valid(i)];
    }

    public int rawEnd(int i) {
        return end[valid(i)];
    }

    /** A copy of the event's exact bytes as they were in the body. */
    public byte[] raw(int i) {
        Outcome.Invalid bad = invalid(i);
        return bad != null ? bad.raw() : Arrays.copyOfRange(body, start[i], end[i]);
    }

    private int valid(int i) {
        if (invalid[java.util.Objects.checkIndex(i, size)] != null) {
            throw new IllegalStateException("event " + i + " is invalid: " + invalid[i].reason());
        }
        return i;
    }

    /** What {@link BodyReader} fills. */
    BodyReader.Sink sink() {
        return new BodyReader.Sink() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void valid(EventReader r, byte[] buf, int from, int to) {
                int i = next();
                start[i] = from;
                end[i] = to;
                idMsb[i] = r.idMsb;
                idLsb[i] = r.idLsb;
                type[i] = r.type;
                appName[i] = r.appName;
                clientIdAscii[i] = r.clientIdAscii;
                clientIdText[i] = r.clientIdText;
                timestamp[i] = r.timestamp;
                sentAt[i] = r.sentAt;
                hasSentAt[i] = r.hasSentAt;
                validCount++;
            }

            @Override
            public void invalid(Outcome.Invalid outcome) {
                int i = next();
                invalid[i] = outcome;
            }
        };
    }

    private int next() {
        if (size == start.length) {
            int cap = size * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            invalid = Arrays.copyOf(invalid, cap);
            idMsb = Arrays.copyOf(idMsb, cap);
            idLsb = Arrays.copyOf(idLsb, cap);
            type = Arrays.copyOf(type, cap);
            appName = Arrays.copyOf(appName, cap);
            clientIdAscii = Arrays.copyOf(clientIdAscii, cap);
            clientIdText = Arrays.copyOf(clientIdText, cap);
            timestamp = Arrays.copyOf(timestamp, cap);
            sentAt = Arrays.copyOf(sentAt, cap);
            hasSentAt = Arrays.copyOf(hasSentAt, cap);
        }
        return size++;
    }
}
