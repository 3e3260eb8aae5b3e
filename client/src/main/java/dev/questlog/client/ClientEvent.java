package dev.questlog.client;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One event as a producer made it: its id and timestamp are fixed when it is built, so a retry or a replay from the
 * spool is always recognisably the same event. Immutable; field values are deep-copied JSON values in insertion
 * order. The SDK does not second-guess the server's validation: an event the server refuses is reported through
 * {@link DeliveryListener#onRejected}.
 *
 * @param eventId              UUIDv7 made at creation
 * @param eventType            e.g. {@code player_death}
 * @param eventTimestampMillis the producer's clock when the event happened, epoch milliseconds
 * @param fields               every other field (client_id, session_id, level_id, position_x, …, attributes)
 * @param seq                  per-session sequence number, assigned by {@code track} (0 = not tracked yet)
 */
public record ClientEvent(UUID eventId, String eventType, long eventTimestampMillis, Map<String, Object> fields,
                          long seq) {
    /** Names the SDK writes itself; a field of that name would be ambiguous. */
    static final Set<String> RESERVED = Set.of("event_id", "event_type", "event_timestamp", "sent_at", "seq");

    public ClientEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        if (eventTimestampMillis < 0) {
            throw new IllegalArgumentException("eventTimestampMillis must be >= 0, was " + eventTimestampMillis);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
        fields = JsonValues.freezeObject(Objects.requireNonNull(fields, "fields"));
        for (String key : fields.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("field '" + key + "' is set by the SDK; reserved: " + RESERVED);
            }
        }
    }

    /** A builder stamped with the system clock; prefer {@link QuestLogClient#event(String)}, which uses its clock. */
    public static Builder builder(String eventType) {
        return new Builder(eventType, InstantSource.system().millis(), null);
    }

    /**
     * A builder for an event at {@code eventTimestampMillis} whose id's random bits come from {@code random}: with a
     * seeded generator the id is reproducible (the simulator's determinism rests on it).
     */
    public static Builder builder(String eventType, long eventTimestampMillis, RandomGenerator random) {
        return new Builder(eventType, eventTimestampMillis, random);
    }

    /** The session this event belongs to for {@code seq} numbering ("" when it has no session_id). */
    public String sessionKey() {
        Object session = fields.get("session_id");
        return session == null ? "" : session.toString();
    }

    /**
     * The event as the SDK sends it, minus {@code sent_at}: one JSON object in UTF-8, envelope first, then the
     * fields in order, then {@code seq} (when tracked). For logs, tests and load generators.
     */
    public byte[] toJson() {
        return EventWriter.write(this);
    }

    /** This event with its sequence number set (ids, time and fields unchanged). */
    public ClientEvent withSeq(long newSeq) {
        return new ClientEvent(eventId, eventType, eventTimestampMillis, fields, newSeq);
    }

    /** This event with another type (same id): for tests and the simulator's deliberately invalid events. */
    public ClientEvent withType(String newType) {
        return new ClientEvent(eventId, newType, eventTimestampMillis, fields, seq);
    }

    /** This event with another timestamp (same id): e.g. an event delivered hours after it happened. */
    public ClientEvent withTimestamp(long newMillis) {
        return new ClientEvent(eventId, eventType, newMillis, fields, seq);
    }

    /** Builds a {@link ClientEvent}; not thread-safe. */
    public static final class Builder {
        private final String eventType;
        private long timestampMillis;
        private UUID eventId;
        private final RandomGenerator random;
        private LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        /** The current map was handed to a built event: copy it before changing it. */
        private boolean shared;

        Builder(String eventType, long timestampMillis, RandomGenerator random) {
            this.eventType = Objects.requireNonNull(eventType, "eventType");
            this.timestampMillis = timestampMillis;
            this.random = random;
        }

        /** Sets a field (an attribute or an envelope field such as {@code client_id}); values are copied. */
        public Builder set(String name, Object value) {
            if (shared) {
                fields = new LinkedHashMap<>(fields);
                shared = false;
            }
            fields.put(Objects.requireNonNull(name, "name"), JsonValues.freeze(value, name));
            return this;
        }

        /** Sets fields from alternating names and values: {@code set("weapon", "rifle", "damage", 30)}. */
        public Builder set(Object... namesAndValues) {
            if (namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("names and values must alternate; got " + namesAndValues.length
                        + " arguments");
            }
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (!(namesAndValues[i] instanceof String name)) {
                    throw new IllegalArgumentException("argument " + i + " must be a field name, was "
                            + namesAndValues[i]);
                }
                set(name, namesAndValues[i + 1]);
            }
            return this;
        }

        public Builder clientId(String clientId) {
            return set("client_id", clientId);
        }

        public Builder sessionId(String sessionId) {
            return set("session_id", sessionId);
        }

        public Builder levelId(String levelId) {
            return set("level_id", levelId);
        }

        public Builder position(double x, double y) {
            return set("position_x", x).set("position_y", y);
        }

        public Builder position(double x, double y, double z) {
            return position(x, y).set("position_z", z);
        }

        /** Overrides the creation time (e.g. for an event recorded offline earlier). */
        public Builder timestampMillis(long millis) {
            this.timestampMillis = millis;
            return this;
        }

        /** Overrides the generated id (e.g. to re-send an event exactly as before). */
        public Builder eventId(UUID id) {
            this.eventId = Objects.requireNonNull(id, "id");
            return this;
        }

        public ClientEvent build() {
            UUID id = eventId != null ? eventId
                    : random == null ? UuidV7.at(timestampMillis) : UuidV7.at(timestampMillis, random);
            shared = true;
            return new ClientEvent(id, eventType, timestampMillis, JsonValues.adopt(fields), 0);
        }
    }
}
