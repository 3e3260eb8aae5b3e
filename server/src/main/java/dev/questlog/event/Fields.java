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

    /** {@code [A-Za-z0-9_.-]{1,64}}, by a table loop rather than a regex: this runs for every ingested event. */
    static boolean isEventType(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_EVENT_TYPE_CHARS) {
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            ok &= c < 128 && TYPE_CHAR[c];
        }
        return ok;
    }

    private static final boolean[] TYPE_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TYPE_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
        }
    }

    /** Hex digit value per ASCII character (either case), -1 for the others: a table, as this runs per event. */
    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = 0; c < 128; c++) {
            int d = Character.digit(c, 16);
            if (d >= 0) {
                HEX_VALUE[c] = (byte) d;
            }
        }
    }

    /** The value of {@code c} as a hex digit (either case), or -1 when it is not one. */
    static int hexDigit(char c) {
        return c < 128 ? HEX_VALUE[c] : -1;
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
            } else if (hexDigit(c) < 0) {
                return null;
            } else {
                upper |= c >= 'A' && c <= 'F';
            }
        }
        return upper ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }
}
