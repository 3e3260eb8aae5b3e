package dev.questlog.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its dotted name (as in the YAML tree), type, default and meaning.
 *
 * @param key          dotted path, e.g. {@code log.partitions}; lower-case segments of {@code [a-z0-9_]}
 * @param type         how values are parsed and rendered
 * @param defaultValue the value when neither the file, the environment nor the command line sets it
 * @param doc          one or two sentences for {@code config defaults}
 * @param <T>          the value's Java type
 */
public record Setting<T>(String key, SettingType<T> type, T defaultValue, String doc) {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    public Setting {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key must be dotted lower-case words, was '" + key + "'");
        }
    }

    public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue, String doc) {
        return new Setting<>(key, type, defaultValue, doc);
    }

    /** The environment variable that overrides this key: {@code QUESTLOG_} + key upper-cased, dots as underscores. */
    public String envName() {
        return "QUESTLOG_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
