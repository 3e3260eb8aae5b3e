package dev.questlog.event;

import java.time.Duration;
import java.time.Instant;

/**
 * Every rejection text of the event model, in one place so that the wording stays consistent and the table test
 * can pin it. A reason starts with the field it is about ({@code event} for the event as a whole).
 */
final class Reasons {
    /** Offending values are quoted up to this many characters, then cut with an ellipsis. */
    static final int MAX_QUOTED_CHARS = 80;

    static final String EVENT = "event";

    private Reasons() {
    }

    static String missing(String field) {
        return field + ": missing";
    }

    static String notAString(String field, String rawValue) {
        return field + ": must be a string, was " + quote(rawValue);
    }

    static String notAUuid(String rawValue) {
        return "event_id: not a UUID: " + quote(rawValue);
    }

    static String badEventType(String rawValue) {
        return "event_type: must match [A-Za-z0-9_.-]{1,64}, was " + quote(rawValue);
    }

    static String notEpochMillis(String field, String rawValue) {
        return field + ": must be epoch milliseconds (an integer), was " + quote(rawValue);
    }

    static String tooOld(String field, long epochMillis, Duration maxPast) {
        return field + ": " + Instant.ofEpochMilli(epochMillis) + " is more than " + duration(maxPast)
                + " in the past";
    }

    static String tooNew(String field, long epochMillis, Duration maxFuture) {
        return field + ": " + Instant.ofEpochMilli(epochMillis) + " is more than " + duration(maxFuture)
                + " in the future";
    }

    static String notANumber(String field, String rawValue) {
        return field + ": must be a number, was " + quote(rawValue);
    }

    static String notFinite(String field, String rawValue) {
        return field + ": must be a finite number, was " + quote(rawValue);
    }

    static String tooLarge(long maxBytes) {
        return "event: larger than " + maxBytes + " bytes";
    }

    static String tooDeep(int maxDepth) {
        return "event: nesting deeper than " + maxDepth;
    }

    static String invalidUtf8(int byteIndex) {
        return "event: invalid UTF-8 at byte " + byteIndex;
    }

    static String notAnObject() {
        return "event: not a JSON object";
    }

    static String duplicate(String name) {
        return "event: duplicate field \"" + name + "\"";
    }

    static String invalidJson(long byteIndex, String detail) {
        return "event: invalid JSON at byte " + byteIndex + ": " + detail;
    }

    static String invalidJsonNoOffset(String detail) {
        return "event: invalid JSON: " + detail;
    }

    static String trailingData(int byteIndex) {
        return "event: unexpected data after the object at byte " + byteIndex;
    }

    /** Cuts long offending values so that a reason stays one readable line. */
    static String quote(String rawValue) {
        if (rawValue.length() <= MAX_QUOTED_CHARS) {
            return rawValue;
        }
        return rawValue.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or {@code 1500ms}: the largest unit that divides exactly. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
