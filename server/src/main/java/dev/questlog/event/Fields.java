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

    /** Per ASCII char: 1 lower-case hex digit, 2 upper-case hex digit, 4 anything else. */
    private static final byte[] HEX_CLASS = new byte[128];

    static {
        java.util.Arrays.fill(HEX_CLASS, (byte) 4);
        for (char c = '0'; c <= '9'; c++) {
            HEX_CLASS[c] = 1;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX_CLASS[c] = 1;
            HEX_CLASS[c - 'a' + 'A'] = 2;
        }
    }

    /**
     * The canonical lower-case text of a UUID written as 8-4-4-4-12 hex digits (any version, either case), or
     * null when {@code s} is not one. Returns {@code s} itself when it is already lower-case.
     */
    static String canonicalUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            return null;
        }
        int classes = hexRun(s, 0, 8) | hexRun(s, 9, 13) | hexRun(s, 14, 18) | hexRun(s, 19, 23) | hexRun(s, 24, 36);
        if (classes >= 4) {
            return null;
        }
        return classes == 1 ? s : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static int hexRun(String s, int from, int to) {
        int classes = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            classes |= c < 128 ? HEX_CLASS[c] : 4;
        }
        return classes;
    }
}
