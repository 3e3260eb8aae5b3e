package dev.questlog.apps;

/**
 * A key as listed (no secret, no hash).
 *
 * @param id              public key id
 * @param app             app name, null for admin keys
 * @param kind            kind
 * @param createdAtMillis creation time, epoch ms
 * @param revokedAtMillis revocation time, epoch ms, or 0 when active
 */
public record KeyInfo(String id, String app, KeyKind kind, long createdAtMillis, long revokedAtMillis) {
    public boolean active() {
        return revokedAtMillis == 0;
    }
}
