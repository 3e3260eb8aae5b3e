package dev.questlog.ingest;

import java.util.Objects;

/**
 * One rejected event of a request, as reported to the producer.
 *
 * @param index   its position in the body, 0-based
 * @param eventId its event_id if it could be read, else null
 * @param field   the offending field, or null when the event as a whole was bad
 * @param reason  why, naming the field
 */
public record Rejection(int index, String eventId, String field, String reason) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
    }
}
