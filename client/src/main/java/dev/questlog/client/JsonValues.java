package dev.questlog.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns caller-supplied field values into immutable JSON values (deep copies), so that an event cannot change
 * between {@code track} and the send, and a value JSON cannot hold is refused on the caller's thread.
 */
final class JsonValues {
    private JsonValues() {
    }

    /** An immutable JSON object that keeps insertion order; returned as is when frozen already. */
    static Map<String, Object> freezeObject(Map<String, ?> map) {
        if (map instanceof Frozen frozen) {
            return frozen;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("JSON object keys must not be null");
            }
            copy.put(e.getKey(), freeze(e.getValue(), e.getKey()));
        }
        return new Frozen(copy);
    }

    /**
     * Wraps a map whose values are frozen already (a builder's, which it no longer changes) without copying it:
     * the hot path of building events.
     */
    static Map<String, Object> adopt(LinkedHashMap<String, Object> frozenValues) {
        return new Frozen(frozenValues);
    }

    /** An immutable JSON value: null, String, Boolean, Number (finite), frozen Map, or unmodifiable List. */
    static Object freeze(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Frozen) {
            return value;
        }
        if (value instanceof Double d) {
            return finite(d, path);
        }
        if (value instanceof Float f) {
            return finite(f.doubleValue(), path);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof UUID || value instanceof Enum<?>
                || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap(map, path);
        }
        if (value instanceof Iterable<?> items) {
            return freezeList(items, path);
        }
        if (value instanceof Object[] array) {
            return freezeList(List.of(array), path);
        }
        throw new IllegalArgumentException("field " + path + ": " + value.getClass().getName()
                + " is not a JSON value (use String, Number, Boolean, Map, List or null)");
    }

    private static Object finite(double d, String path) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("field " + path + ": JSON has no " + d);
        }
        return d;
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map, String path) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("field " + path + ": object keys must be strings, was " + e.getKey());
            }
            copy.put(key, freeze(e.getValue(), path + "." + key));
        }
        return new Frozen(copy);
    }

    private static List<Object> freezeList(Iterable<?> items, String path) {
        List<Object> copy = new ArrayList<>();
        int i = 0;
        for (Object item : items) {
            copy.add(freeze(item, path + "[" + i++ + "]"));
        }
        return Collections.unmodifiableList(copy);
    }

    /** Marks a map as deep-frozen already, so re-freezing (e.g. in {@code withSeq}) costs nothing. */
    private static final class Frozen extends AbstractMap<String, Object> {
        private final Map<String, Object> map;

        Frozen(LinkedHashMap<String, Object> map) {
            this.map = Collections.unmodifiableMap(map);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }
}
