package dev.questlog.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.questlog.apps.KeyKind;
import dev.questlog.event.Event;
import dev.questlog.event.Trust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Server-side enrichment and the record value of stream {@code events} (shared contract):
 * {@code {"app":…,"received_at":ms,"trust":"server"|"client","key_id":…,"event_time":ms,"event":{original}}}.
 * The original event's bytes are embedded verbatim (they were validated as JSON by the parser), which keeps every
 * field exact and saves re-serialising on the hot path; {@code StoredEvent.decode} reads it. Unlike
 * {@code StoredEvent.skewCorrected}, the clock-skew correction here is bounded. Stateless and thread-safe.
 */
final class Enrichment {
    /** Leaves the object open on close, so the raw event bytes can follow the generated fields. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();
    private static final byte[] APP_FIELD = "{\"app\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIVED_AT_FIELD = "\",\"received_at\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUST_FIELD = ",\"trust\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_FIELD = "\",\"key_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_FIELD = ",\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_TIME_FIELD = ",\"event_time\":".getBytes(StandardCharsets.US_ASCII);
    private final long maxBehindMillis;
    private final long maxAheadMillis;

    /**
     * @param timestampMaxPast   a producer clock may be behind the server's by at most this much
     * @param timestampMaxFuture a producer clock may be ahead of the server's by at most this much
     */
    Enrichment(Duration timestampMaxPast, Duration timestampMaxFuture) {
        this.maxBehindMillis = timestampMaxPast.toMillis();
        this.maxAheadMillis = timestampMaxFuture.toMillis();
    }

    /**
     * The skew-corrected event time: {@code event_timestamp + (received_at − sent_at)} when the producer sent
     * {@code sent_at}, the correction bounded by the timestamp window; else {@code event_timestamp}.
     */
    long eventTime(Event e, long receivedAt) {
        return e.sentAt() == null ? e.eventTimestamp() : eventTime(e.eventTimestamp(), e.sentAt(), receivedAt);
    }

    /** {@link #eventTime(Event, long)} of an event that carries {@code sent_at}. */
    long eventTime(long eventTimestamp, long sentAt, long receivedAt) {
        long skew = receivedAt - sentAt;
        skew = Math.max(-maxAheadMillis, Math.min(maxBehindMillis, skew));
        return eventTimestamp + skew;
    }

    static Trust trust(KeyKind kind) {
        return kind == KeyKind.SERVER ? Trust.SERVER : Trust.CLIENT;
    }

    /** The record value for stream {@code events}. */
    static byte[] storedEvent(String app, long receivedAt, Trust trust, String keyId, long eventTime, byte[] raw) {
        return storedEvent(prefix(app, receivedAt, trust, keyId), eventTime, raw);
    }

    /**
     * The part of the record value that is the same for every event of a request, through {@code "event_time":};
     * computed once per request so that each event costs one exactly sized array and two copies. The strings are
     * escaped by Jackson's encoder, as its generator would; a generator is not used because creating one costs more
     * than the rest of the prefix (about 4% of the HTTP threads' samples in a profile), except for strings with
     * characters beyond the BMP, which the generator writes as escaped surrogate pairs and the encoder as UTF-8.
     */
    static byte[] prefix(String app, long receivedAt, Trust trust, String keyId) {
        if (hasSurrogate(app) || hasSurrogate(keyId)) {
            return prefixByGenerator(app, receivedAt, trust, keyId);
        }
        JsonStringEncoder json = JsonStringEncoder.getInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(APP_FIELD);
        out.writeBytes(json.quoteAsUTF8(app));
        out.writeBytes(RECEIVED_AT_FIELD);
        out.writeBytes(Long.toString(receivedAt).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(TRUST_FIELD);
        out.writeBytes(json.quoteAsUTF8(trust.jsonName()));
        out.writeBytes(KEY_ID_FIELD);
        out.writeBytes(json.quoteAsUTF8(keyId));
        out.write('"');
        out.writeBytes(EVENT_TIME_FIELD);
        return out.toByteArray();
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] prefixByGenerator(String app, long receivedAt, Trust trust, String keyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("app", app);
            g.writeNumberField("received_at", receivedAt);
            g.writeStringField("trust", trust.jsonName());
            g.writeStringField("key_id", keyId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(EVENT_TIME_FIELD);
        return out.toByteArray();
    }

    /** The record value: {@code prefix}, the event time, {@code ,"event":}, the raw event and {@code }}. */
    static byte[] storedEvent(byte[] prefix, long eventTime, byte[] raw) {
        return storedEvent(prefix, eventTime, raw, 0, raw.length);
    }

    /** {@link #storedEvent(byte[], long, byte[])} of the raw event {@code body[from, to)}. */
    static byte[] storedEvent(byte[] prefix, long eventTime, byte[] body, int from, int to) {
        if (eventTime < 0) {
            return concat(prefix, Long.toString(eventTime).getBytes(StandardCharsets.US_ASCII),
                    java.util.Arrays.copyOfRange(body, from, to));
        }
        int length = to - from;
        int digits = digits(eventTime);
        byte[] out = new byte[prefix.length + digits + EVENT_FIELD.length + length + 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int at = prefix.length + digits;
        long v = eventTime;
        for (int i = at - 1; i >= prefix.length; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        System.arraycopy(EVENT_FIELD, 0, out, at, EVENT_FIELD.length);
        at += EVENT_FIELD.length;
        System.arraycopy(body, from, out, at, length);
        out[at + length] = '}';
        return out;
    }

    /** Decimal digits of {@code v >= 0}, by comparisons rather than divisions (this runs for every event). */
    private static int digits(long v) {
        int n = 1;
        for (long p = 10; n < 19 && v >= p; p *= 10) {
            n++;
        }
        return n;
    }

    private static byte[] concat(byte[] prefix, byte[] time, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + time.length + raw.length + 16);
        out.writeBytes(prefix);
        out.writeBytes(time);
        out.writeBytes(EVENT_FIELD);
        out.writeBytes(raw);
        out.write('}');
        return out.toByteArray();
    }
}
