package dev.questlog.event;

/**
 * One gameplay event: the envelope of PRODUCT.md ("The event") plus every other field as {@link Attributes}.
 * Optional fields are null when absent. Immutable; construct through {@link EventParser} for untrusted input.
 *
 * @param eventId        UUID text (any version) in canonical lower-case 8-4-4-4-12 form; upper case is lowered
 * @param eventType      {@code [A-Za-z0-9_.-]{1,64}}
 * @param eventTimestamp the producer's clock, epoch milliseconds
 * @param sentAt         when the producer sent the batch, epoch milliseconds (for clock-skew correction)
 * @param positionX      world coordinate, finite
 * @param attributes     all non-envelope fields, never null (absent means empty)
 */
public record Event(String eventId, String eventType, long eventTimestamp, String eventVersion, String appName,
                    String appVersion, String clientId, String sessionId, String levelId, Double positionX,
                    Double positionY, Double positionZ, Long sentAt, Attributes attributes) {

    public Event {
        if (eventId == null) {
            throw new IllegalArgumentException(Reasons.missing(Fields.EVENT_ID));
        }
        String canonical = Fields.canonicalUuid(eventId);
        if (canonical == null) {
            throw new IllegalArgumentException(Reasons.notAUuid(Json.quote(eventId)));
        }
        eventId = canonical;
        if (eventType == null) {
            throw new IllegalArgumentException(Reasons.missing(Fields.EVENT_TYPE));
        }
        if (!Fields.isEventType(eventType)) {
            throw new IllegalArgumentException(Reasons.badEventType(Json.quote(eventType)));
        }
        requireFinite(Fields.POSITION_X, positionX);
        requireFinite(Fields.POSITION_Y, positionY);
        requireFinite(Fields.POSITION_Z, positionZ);
        if (attributes == null) {
            attributes = Attributes.empty();
        }
    }

    private static void requireFinite(String field, Double v) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException(Reasons.notFinite(field, v.toString()));
        }
    }

    /** An event with only the required fields. */
    public static Event of(String eventId, String eventType, long eventTimestamp) {
        return new Event(eventId, eventType, eventTimestamp, null, null, null, null, null, null, null, null, null,
                null, Attributes.empty());
    }
}
