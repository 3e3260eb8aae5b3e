package dev.questlog.event;

import java.util.Objects;

/**
 * What became of one event of a request body: {@link Valid} or {@link Invalid}. {@code index} is the event's
 * position in the body (0-based; in NDJSON blank lines do not count).
 */
public sealed interface Outcome {

    int index();

    /** The exact bytes of this event as they were in the body (a copy; the body may be reused). */
    byte[] raw();

    /** An event that passed every check. */
    record Valid(int index, Event event, byte[] raw) implements Outcome {
        public Valid {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /**
     * A rejected event.
     *
     * @param eventId the event's {@code event_id} text if it was a JSON string that could be read (even when
     *                something else was wrong; lower-cased when it is a UUID, as sent when it is not), else null
     * @param field   the offending field, or null when the event as a whole is bad (not an object, too big, …)
     * @param reason  a human reason that names the field, e.g. {@code event_id: not a UUID: "abc"}
     */
    record Invalid(int index, String eventId, String field, String reason, byte[] raw) implements Outcome {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(raw, "raw");
        }
    }
}
