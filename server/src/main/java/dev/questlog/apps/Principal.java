package dev.questlog.apps;

import java.util.Objects;

/**
 * Who made a request: the app its key belongs to, the key's kind and id.
 *
 * @param app   the app name; {@code null} only for {@link KeyKind#ADMIN} keys, which manage every app
 * @param kind  what the key may do
 * @param keyId the key's public id (never the secret)
 */
public record Principal(String app, KeyKind kind, String keyId) {
    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyId, "keyId");
        if ((app == null) != (kind == KeyKind.ADMIN)) {
            throw new IllegalArgumentException("only admin keys have no app; kind " + kind + ", app " + app);
        }
    }

    public boolean isAdmin() {
        return kind == KeyKind.ADMIN;
    }

    /** True when this key may act on {@code otherApp}: its own app, or any app for an admin key. */
    public boolean mayAccess(String otherApp) {
        return isAdmin() || app.equals(otherApp);
    }
}
