package dev.questlog.apps;

import java.util.List;

/**
 * An app and its keys, for listings (no secrets).
 *
 * @param name          the app name
 * @param createdAtMillis creation time, epoch ms
 * @param keys          every key of the app, revoked ones included
 */
public record AppInfo(String name, long createdAtMillis, List<KeyInfo> keys) {
    public AppInfo {
        AppNames.require(name);
        keys = List.copyOf(keys);
    }
}
