package dev.questlog.lake;

/**
 * An object listed in an {@link ObjectStore}.
 *
 * @param key   its key
 * @param bytes its size in bytes
 */
public record StoredObject(String key, long bytes) {
    public StoredObject {
        ObjectStore.checkKey(key);
        if (bytes < 0) {
            throw new IllegalArgumentException("object size must be >= 0, was " + bytes + " for " + key);
        }
    }
}
