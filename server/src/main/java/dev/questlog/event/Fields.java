package dev.questlog.event;

import java.util.Set;

/** The envelope's field names (PRODUCT.md "The event") and the cheap checks of their values. */
final class Fields {
    static final String EVENT_ID = "event_id";
    static final String EVENT_TYPE = "event_type";
    static final String EVENT_TIMESTAMP = "event_timestamp";
    static final String EVENT_VERSION = "event_version";
    static final String APP_NAME = "app_name";
    static final String APP_VERSION = "app_version";
    static final String CLIENT_ID = "client_id";
    static final String SESSION_ID = "session_id";
    static final String LEVEL_ID = "level_id";
    static final String POSITION_X = "position_x";
    static final String POSITION_Y = "position_y";
    static final String POSITION_Z = "position_z";
    static final String SENT_AT = "sent_at";

    static final Set<String> ENVELOPE = Set.of(EVENT_ID, EVENT_TYPE, EVENT_TIMESTAMP, EVENT_VERSION, APP_NAME,
            APP_VERSION, CLIENT_ID, SESSION_ID, LEVEL_ID, POSITION_X, POSITION_Y, POSITION_Z, SENT_AT);

    static final int MAX_EVENT_TYPE_CHARS = 64;

    private Fields() {
    }

    /** {@code [A-Za-z0-9_.-]{1,64}}, by a loop: this runs for every ingested event. */
    static boolean isEventType(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_EVENT_TYPE_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical lower-case text of a UUID written as 8-4-4-4-12 hex digits (any version, either case), or
     * null when {@code s} is not one. Returns {@code s} itself when it is already lower-case.
     */
    static String canonicalUuid(String s) {
        if (s.length() != 36) {
            return null;
        }
        boolean upper = false;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
            } else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
                continue;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
            } else {
                return null;
            }
        }
        return upper ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }
}
