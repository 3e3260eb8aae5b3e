package dev.questlog.event;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the collector appends to stream {@code events} and every consumer reads: the event plus the server's
 * enrichment. Wire format (see {@link StoredEventCodec}):
 * {@code {"app":…,"received_at":ms,"trust":"server"|"client","key_id":…,"event_time":ms,"event":{…}}}.
 *
 * @param app        the app of the key the event came with
 * @param receivedAt server clock when the collector received it, epoch ms
 * @param trust      from the kind of key
 * @param keyId      id of the key (not the secret); may be null
 * @param eventTime  skew-corrected event time, epoch ms (see {@link #skewCorrected})
 */
public record StoredEvent(String app, long receivedAt, Trust trust, String keyId, long eventTime, Event event) {
    private static final byte[] NO_KEY = new byte[0];

    public StoredEvent {
        if (app == null || app.isEmpty()) {
            throw new IllegalArgumentException("app must be non-empty, was " + (app == null ? "null" : "\"\""));
        }
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(event, "event");
    }

    /** A stored event whose {@code eventTime} is {@link #skewCorrected} from the event and {@code receivedAt}. */
    public static StoredEvent of(String app, long receivedAt, Trust trust, String keyId, Event event) {
        return new StoredEvent(app, receivedAt, trust, keyId, skewCorrected(event, receivedAt), event);
    }

    /**
     * The event's time on the server clock: {@code event_timestamp + (receivedAt - sent_at)} when the producer sent
     * {@code sent_at} (its clock's offset is assumed constant between the event and the send), else
     * {@code event_timestamp} as is.
     */
    public static long skewCorrected(Event event, long receivedAt) {
        Long sentAt = event.sentAt();
        return sentAt == null ? event.eventTimestamp() : event.eventTimestamp() + (receivedAt - sentAt);
    }

    /** The record key on stream {@code events}: client_id as UTF-8, empty when absent. */
    public byte[] partitionKey() {
        String clientId = event.clientId();
        return clientId == null ? NO_KEY : clientId.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(StoredEvent e) {
        return StoredEventCodec.encode(e);
    }

    public static StoredEvent decode(byte[] json) {
        return StoredEventCodec.decode(json, 0, json.length);
    }
}
