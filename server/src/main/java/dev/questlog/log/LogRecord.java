package dev.questlog.log;

import java.util.Map;
import java.util.Objects;

/**
 * A record to append: the partition key (records with equal keys go to the same partition, in order), the value
 * bytes, and optional headers. The append timestamp is set by the log. Arrays are not copied: callers must not
 * modify them after handing them over.
 *
 * @param key     partition key, may be empty (then the log spreads records round-robin); never null
 * @param value   payload; never null
 * @param headers small metadata (e.g. a reason on failed events); never null
 */
public record LogRecord(byte[] key, byte[] value, Map<String, byte[]> headers) {
    public LogRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static LogRecord of(byte[] key, byte[] value) {
        return new LogRecord(key, value, Map.of());
    }
}
