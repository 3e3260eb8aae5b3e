package dev.questlog.log.local;

import dev.questlog.log.LogRecord;
import dev.questlog.log.ReadRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk record batch (big-endian). One append to one partition is one batch:
 * <pre>
 *  0 int32  length      bytes after this field
 *  4 int32  crc         CRC32C of bytes [8, end)
 *  8 int8   magic       1
 *  9 int64  baseOffset  offset of the first record
 * 17 int32  count       records in the batch (&gt; 0)
 * 21 int64  firstTimestamp, 29 int64 lastTimestamp (epoch ms)
 * 37 records: varlong timestampDelta, varint keyLength, key, varint valueLength, value,
 *             varint headerCount, then per header varint nameLength, UTF-8 name, varint valueLength, value
 * </pre>
 * Stateless; thread-safe.
 */
final class BatchCodec {
    static final int HEADER_SIZE = 37;
    static final byte MAGIC = 1;
    static final int CRC_AT = 4;
    static final int CRC_FROM = 8;
    static final int MAGIC_AT = 8;
    static final int BASE_OFFSET_AT = 9;
    static final int COUNT_AT = 17;
    static final int FIRST_TS_AT = 21;
    static final int LAST_TS_AT = 29;

    private BatchCodec() {
    }

    /** Encoded size of the batch of records {@code order[from] .. order[from + count - 1]} of {@code records}. */
    static int batchSize(List<LogRecord> records, int[] order, int from, int count) {
        long size = HEADER_SIZE;
        for (int k = from; k < from + count; k++) {
            size += recordSize(records.get(order[k]));
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("batch of " + size + " bytes is too large for one append");
        }
        return (int) size;
    }

    private static long recordSize(LogRecord r) {
        long size = 1 + varintSize(r.key().length) + r.key().length + varintSize(r.value().length) + r.value().length
                + varintSize(r.headers().size());
        for (Map.Entry<String, byte[]> h : r.headers().entrySet()) {
            int name = h.getKey().getBytes(StandardCharsets.UTF_8).length;
            size += varintSize(name) + name + varintSize(h.getValue().length) + h.getValue().length;
        }
        return size;
    }

    /**
     * Writes one batch of records {@code order[from] .. order[from + count - 1]} at {@code buf}'s position (which it
     * advances), every record stamped {@code timestamp}. {@code buf} must have {@link #batchSize} bytes remaining.
     */
    static void encode(ByteBuffer buf, List<LogRecord> records, int[] order, int from, int count,
                       long baseOffset, long timestamp, CRC32C crc) {
        int start = buf.position();
        buf.putInt(0).putInt(0).put(MAGIC).putLong(baseOffset).putInt(count).putLong(timestamp).putLong(timestamp);
        for (int k = from; k < from + count; k++) {
            putRecord(buf, records.get(order[k]));
        }
        int end = buf.position();
        buf.putInt(start, end - start - 4);
        int limit = buf.limit();
        buf.limit(end).position(start + CRC_FROM);
        crc.reset();
        crc.update(buf);
        buf.limit(limit).position(end);
        buf.putInt(start + CRC_AT, (int) crc.getValue());
    }

    private static void putRecord(ByteBuffer buf, LogRecord r) {
        buf.put((byte) 0); // timestamp delta: one append shares one timestamp
        putVarint(buf, r.key().length);
        buf.put(r.key());
        putVarint(buf, r.value().length);
        buf.put(r.value());
        putVarint(buf, r.headers().size());
        for (Map.Entry<String, byte[]> h : r.headers().entrySet()) {
            byte[] name = h.getKey().getBytes(StandardCharsets.UTF_8);
            putVarint(buf, name.length);
            buf.put(name);
            putVarint(buf, h.getValue().length);
            buf.put(h.getValue());
        }
    }

    /** Whether the batch at {@code at} (whole batch present in {@code buf}) has a matching CRC. */
    static boolean crcMatches(ByteBuffer buf, int at, int totalSize, CRC32C crc) {
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + at + CRC_FROM, totalSize - CRC_FROM);
        } else {
            crc.update(buf.slice(at + CRC_FROM, totalSize - CRC_FROM));
        }
        return (int) crc.getValue() == buf.getInt(at + CRC_AT);
    }

    /**
     * Decodes the records of a CRC-checked batch at {@code at} whose offsets lie in [{@code from}, {@code to}),
     * adding at most {@code max} of them to {@code out}; returns how many it added.
     *
     * @throws IllegalStateException when the records do not fit the batch (structure damaged despite the CRC)
     */
    static int decode(ByteBuffer buf, int at, int partition, long from, long to, int max, List<ReadRecord> out) {
        int end = at + buf.getInt(at) + 4;
        long base = buf.getLong(at + BASE_OFFSET_AT);
        int count = buf.getInt(at + COUNT_AT);
        long firstTs = buf.getLong(at + FIRST_TS_AT);
        ByteBuffer b = buf.duplicate().limit(end).position(at + HEADER_SIZE);
        int added = 0;
        for (int k = 0; k < count && added < max; k++) {
            long offset = base + k;
            long ts = firstTs + getVarlong(b);
            byte[] key = bytes(b, getVarint(b));
            byte[] value = bytes(b, getVarint(b));
            Map<String, byte[]> headers = headers(b);
            if (offset >= to) {
                break;
            }
            if (offset >= from) {
                out.add(new ReadRecord(partition, offset, ts, key, value, headers));
                added++;
            }
        }
        return added;
    }

    /** Offset of the first record of the batch at {@code at} stamped at or after {@code ts}, or -1. */
    static long firstOffsetAtOrAfter(ByteBuffer buf, int at, long ts) {
        int end = at + buf.getInt(at) + 4;
        long base = buf.getLong(at + BASE_OFFSET_AT);
        int count = buf.getInt(at + COUNT_AT);
        long firstTs = buf.getLong(at + FIRST_TS_AT);
        ByteBuffer b = buf.duplicate().limit(end).position(at + HEADER_SIZE);
        for (int k = 0; k < count; k++) {
            if (firstTs + getVarlong(b) >= ts) {
                return base + k;
            }
            skip(b, getVarint(b));
            skip(b, getVarint(b));
            int headers = getVarint(b);
            for (int h = 0; h < headers; h++) {
                skip(b, getVarint(b));
                skip(b, getVarint(b));
            }
        }
        return -1;
    }

    private static Map<String, byte[]> headers(ByteBuffer b) {
        int n = getVarint(b);
        if (n == 0) {
            return Map.of();
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (int h = 0; h < n; h++) {
            String name = new String(bytes(b, getVarint(b)), StandardCharsets.UTF_8);
            headers.put(name, bytes(b, getVarint(b)));
        }
        return headers;
    }

    private static byte[] bytes(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new IllegalStateException("record field of " + length + " bytes overruns its batch");
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }

    private static void skip(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new IllegalStateException("record field of " + length + " bytes overruns its batch");
        }
        b.position(b.position() + length);
    }

    static int varintSize(int v) {
        int size = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    static void putVarint(ByteBuffer buf, int v) {
        while ((v & ~0x7F) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    static int getVarint(ByteBuffer b) {
        long v = getVarlong(b);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalStateException("varint " + v + " out of range");
        }
        return (int) v;
    }

    static long getVarlong(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint too long");
    }
}
