package dev.questlog.log;

import java.util.Map;

/**
 * A record read back from a stream.
 *
 * @param partition        partition it was read from
 * @param offset           its offset
 * @param timestampMillis  append timestamp
 * @param key              partition key
 * @param value            payload
 * @param headers          headers given at append
 */
public record ReadRecord(int partition, long offset, long timestampMillis, byte[] key, byte[] value,
                         Map<String, byte[]> headers) {
}
