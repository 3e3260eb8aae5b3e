package dev.questlog.config;

import java.util.Map;

/**
 * The value of every declared setting after the file, the environment and the command line were applied.
 * Immutable; section records read their values from it.
 */
public final class ResolvedSettings {
    private final Map<String, Object> values;
    private final Map<String, String> sources;

    ResolvedSettings(Map<String, Object> values, Map<String, String> sources) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
    }

    /** The value of a declared setting; never null. */
    public <T> T get(Setting<T> setting) {
        Object v = values.get(setting.key());
        if (v == null) {
            throw new IllegalArgumentException("setting " + setting.key() + " is not declared in SettingsRegistry");
        }
        @SuppressWarnings("unchecked") T t = (T) v;
        return t;
    }

    /** Where a key's value came from: {@code default}, the file's path, an environment variable or {@code command line}. */
    public String source(String key) {
        return sources.getOrDefault(key, "default");
    }
}
