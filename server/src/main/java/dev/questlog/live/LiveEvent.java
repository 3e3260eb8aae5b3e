package dev.questlog.live;

import dev.questlog.config.LiveConfig;
import dev.questlog.event.Attributes;
import dev.questlog.event.Event;
import dev.questlog.event.StoredEvent;
import java.util.UUID;

/**
 * What the live windows need of a {@link StoredEvent} (the value of a record of stream {@code events}).
 *
 * @param app       the app
 * @param type      event_type
 * @param eventTime skew-corrected event time, epoch ms
 * @param clientId  client_id or null
 * @param levelId   level_id or null
 * @param currency  the purchase currency attribute or null
 * @param amount    the purchase amount attribute, NaN when absent
 * @param fps       the fps attribute, NaN when absent
 * @param idHash    64 bits of the event_id (a UUID's halves xor-ed), to count a duplicate once
 */
record LiveEvent(String app, String type, long eventTime, String clientId, String levelId, String currency,
                 double amount, double fps, long idHash) {
    /** Decodes a stored event; throws {@link IllegalArgumentException} when it is not one. */
    static LiveEvent parse(byte[] stored, LiveConfig config) {
        StoredEvent s;
        try {
            s = StoredEvent.decode(stored);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored event: " + e.getMessage(), e);
        }
        Event e = s.event();
        Attributes a = e.attributes();
        return new LiveEvent(s.app(), e.eventType(), s.eventTime(), e.clientId(), e.levelId(),
                a.text(config.currencyAttribute()).orElse(null), number(a, config.amountAttribute()),
                number(a, config.fpsAttribute()), idHash(e.eventId()));
    }

    static long idHash(String eventId) {
        UUID u = UUID.fromString(eventId); // the event model keeps event ids as canonical UUIDs
        return u.getMostSignificantBits() ^ u.getLeastSignificantBits();
    }

    /** A JSON number, or a string holding one; NaN otherwise. */
    private static double number(Attributes a, String name) {
        String raw = a.raw(name).orElse(null);
        if (raw == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(raw.charAt(0) == '"' ? a.text(name).orElse("") : raw);
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
