package dev.questlog.apps;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** JSON shape for listings: {@code {"key_id","app","kind","created_at","revoked_at"|null}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", id);
        m.put("app", app);
        m.put("kind", kind.wireName());
        m.put("created_at", createdAtMillis);
        m.put("revoked_at", revokedAtMillis == 0 ? null : revokedAtMillis);
        return m;
    }
}
