package dev.questlog.client;

import java.util.Objects;

/**
 * An event the server refused for good (a permanent rejection, not retried), with the server's reason.
 *
 * @param eventId the event's id as the SDK sent it
 * @param reason  the server's words, e.g. {@code "event_type: must match [A-Za-z0-9_.-]{1,64}"} or an HTTP status
 */
public record Rejection(String eventId, String reason) {
    public Rejection {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
    }
}
