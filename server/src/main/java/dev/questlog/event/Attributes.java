package dev.questlog.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The fields of an event outside the envelope: an immutable map, in the order they were sent, of field name to the
 * field's raw JSON text exactly as sent (numbers keep their text, {@code 1.50} stays {@code 1.50}; strings keep their
 * quotes and escapes; nested objects and arrays keep their text minus insignificant whitespace). Never holds an
 * envelope field name. Equality is by names and texts in order. Immutable and thread-safe.
 */
public final class Attributes {
    private static final String[] NONE = new String[0];
    private static final Attributes EMPTY = new Attributes(NONE, NONE, 0);

    private final String[] names;
    private final String[] rawValues;
    private final int size;

    private Attributes(String[] names, String[] rawValues, int size) {
        this.names = names;
        this.rawValues = rawValues;
        this.size = size;
    }

    public static Attributes empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(true);
    }

    /** A builder for the parser: names are known not to be envelope fields, texts are known valid and compact. */
    static Builder trustedBuilder() {
        return new Builder(false);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Name at position {@code i} (0-based, insertion order). */
    public String name(int i) {
        return names[java.util.Objects.checkIndex(i, size)];
    }

    /** Raw JSON text at position {@code i}. */
    public String rawValue(int i) {
        return rawValues[java.util.Objects.checkIndex(i, size)];
    }

    /** The raw JSON text of the field, e.g. {@code 1.50}, {@code "x"}, {@code {"a":[1,2]}}. */
    public Optional<String> raw(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(rawValues[i]);
    }

    /** The decoded string value if the field is a JSON string; empty if absent or not a string. */
    public Optional<String> text(String name) {
        int i = indexOf(name);
        if (i < 0 || rawValues[i].charAt(0) != '"') {
            return Optional.empty();
        }
        return Optional.of(decodeString(rawValues[i]));
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** An unmodifiable copy, in insertion order, of name → raw JSON text. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            m.put(names[i], rawValues[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String decodeString(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw.substring(1, raw.length() - 1);
        }
        try (JsonParser p = Json.TRUSTED.createParser(raw)) {
            p.nextToken();
            return p.getText();
        } catch (IOException e) {
            throw new IllegalStateException("attribute holds invalid JSON text: " + raw, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && size == a.size
                && Arrays.equals(names, 0, size, a.names, 0, size)
                && Arrays.equals(rawValues, 0, size, a.rawValues, 0, size);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + names[i].hashCode();
            h = 31 * h + rawValues[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(names[i])).append(':').append(rawValues[i]);
        }
        return sb.append('}').toString();
    }

    /** Collects attributes in order. Not thread-safe; build once. */
    public static final class Builder {
        /** Beyond this many names, duplicates are found by hashing: a 1 MiB event may hold 100k tiny fields. */
        private static final int LINEAR_SCAN_MAX = 16;

        private final boolean checked;
        private String[] names = NONE;
        private String[] rawValues = NONE;
        private int size;
        private java.util.Set<String> nameSet;

        private Builder(boolean checked) {
            this.checked = checked;
        }

        /**
         * Adds a field with its raw JSON text (any JSON value; insignificant whitespace is dropped).
         *
         * @throws IllegalArgumentException if the name is an envelope field or already present, or the text is
         *                                  not exactly one JSON value
         */
        public Builder raw(String name, String json) {
            if (checked) {
                if (Fields.ENVELOPE.contains(name)) {
                    throw new IllegalArgumentException("attribute name must not be an envelope field, was \""
                            + name + "\"");
                }
                if (contains(name)) {
                    throw new IllegalArgumentException("duplicate attribute \"" + name + "\"");
                }
                json = validJson(json);
            }
            add(name, json);
            return this;
        }

        public Builder string(String name, String value) {
            return raw(name, Json.quote(value));
        }

        public Builder number(String name, long value) {
            return raw(name, Long.toString(value));
        }

        public Builder number(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("attribute \"" + name + "\" must be finite, was " + value);
            }
            return raw(name, Json.numberText(value));
        }

        public Builder bool(String name, boolean value) {
            return raw(name, Boolean.toString(value));
        }

        boolean contains(String name) {
            if (nameSet != null) {
                return nameSet.contains(name);
            }
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return true;
                }
            }
            return false;
        }

        void add(String name, String rawJson) {
            if (size == names.length) {
                int cap = Math.max(4, size * 2);
                names = Arrays.copyOf(names, cap);
                rawValues = Arrays.copyOf(rawValues, cap);
            }
            names[size] = name;
            rawValues[size] = rawJson;
            size++;
            if (nameSet != null) {
                nameSet.add(name);
            } else if (size > LINEAR_SCAN_MAX) {
                nameSet = new java.util.HashSet<>(java.util.Arrays.asList(names).subList(0, size));
            }
        }

        public Attributes build() {
            if (size == 0) {
                return EMPTY;
            }
            // The arrays are handed over, not copied (this runs per ingested event); the builder starts afresh.
            Attributes a = new Attributes(names, rawValues, size);
            names = NONE;
            rawValues = NONE;
            size = 0;
            nameSet = null;
            return a;
        }

        private static String validJson(String json) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            try (JsonParser p = Json.TRUSTED.createParser(bytes)) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new IllegalArgumentException("attribute value must be JSON text, was empty");
                }
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new IllegalArgumentException("attribute value must be one JSON value, was " + json);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("attribute value must be JSON text, was " + json, e);
            }
            return RawJson.compact(bytes, 0, bytes.length);
        }
    }
}
