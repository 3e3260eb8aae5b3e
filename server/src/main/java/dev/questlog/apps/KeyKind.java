package dev.questlog.apps;

import java.util.Locale;

/**
 * What a key may do. {@link #SERVER} and {@link #CLIENT} keys produce events (server events are trusted, client
 * events are not); {@link #ANALYST} keys read (SQL, heatmaps, search, live); {@link #ADMIN} keys manage apps, keys and
 * schemas and are not bound to an app.
 */
public enum KeyKind {
    SERVER, CLIENT, ANALYST, ADMIN;

    /** The lower-case name used in JSON, tokens and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name such as {@code server}; the message lists the allowed names. */
    public static KeyKind parse(String text) {
        for (KeyKind k : values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("key kind must be one of server, client, analyst, admin, was '" + text + "'");
    }

    /** True for the kinds that may send events. */
    public boolean produces() {
        return this == SERVER || this == CLIENT;
    }
}
