package dev.questlog.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app and its keys, for listings (no secrets).
 *
 * @param name            the app name
 * @param createdAtMillis creation time, epoch ms
 * @param keys            every key of the app, revoked ones included
 */
public record AppInfo(String name, long createdAtMillis, List<KeyInfo> keys) {
    public AppInfo {
        AppNames.require(name);
        keys = List.copyOf(keys);
    }

    /** JSON shape for listings: {@code {"app","created_at","keys":[…]}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", name);
        m.put("created_at", createdAtMillis);
        m.put("keys", keys.stream().map(KeyInfo::toJson).toList());
        return m;
    }
}
