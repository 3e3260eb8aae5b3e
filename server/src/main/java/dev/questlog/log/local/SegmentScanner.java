package dev.questlog.log.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the batches of a segment file, checking lengths, CRCs, offset continuity and timestamps, for recovery and for
 * {@code log inspect}. Read-only: it never changes the file. Not thread-safe (one per scan).
 */
final class SegmentScanner {
    /** Where and why the scan stopped before the end of the file. */
    record Problem(long position, String reason) {
    }

    /**
     * @param validSize     bytes of valid whole batches from the start of the file
     * @param endOffset     one past the last valid record's offset
     * @param lastTimestamp stamp of the last valid record (or the one passed in when none was read)
     * @param problem       null when the scan reached the end of the file cleanly
     */
    record Result(long validSize, long endOffset, long lastTimestamp, Problem problem) {
    }

    private final FileChannel channel;
    private final long fileSize;
    private final FileWindow window = new FileWindow(1 << 20);
    private final CRC32C crc = new CRC32C();

    SegmentScanner(FileChannel channel, long fileSize) {
        this.channel = channel;
        this.fileSize = fileSize;
    }

    /**
     * Scans from {@code position} (a batch start) expecting base offset {@code expectedBase}; feeds each valid batch
     * to {@code index} (may be null).
     */
    Result scan(long position, long expectedBase, long segmentBase, long previousTimestamp, SparseIndex index)
            throws IOException {
        long pos = position;
        long next = expectedBase;
        long lastTs = previousTimestamp;
        while (pos < fileSize) {
            long left = fileSize - pos;
            if (left < BatchCodec.HEADER_SIZE) {
                return new Result(pos, next, lastTs, new Problem(pos, "incomplete batch header (" + left + " bytes)"));
            }
            int at = window.load(channel, pos, BatchCodec.HEADER_SIZE, fileSize);
            ByteBuffer b = window.buffer();
            int len = b.getInt(at);
            byte magic = b.get(at + BatchCodec.MAGIC_AT);
            if (len < BatchCodec.HEADER_SIZE - 4 || magic != BatchCodec.MAGIC) {
                return new Result(pos, next, lastTs, new Problem(pos, "invalid batch length " + len
                        + " or magic " + magic));
            }
            long total = len + 4L;
            if (total > left) {
                return new Result(pos, next, lastTs, new Problem(pos, "batch of " + total
                        + " bytes runs past the end of the file (" + left + " bytes left)"));
            }
            at = window.load(channel, pos, (int) total, fileSize);
            b = window.buffer();
            if (!BatchCodec.crcMatches(b, at, (int) total, crc)) {
                return new Result(pos, next, lastTs, new Problem(pos, "CRC32C mismatch"));
            }
            long base = b.getLong(at + BatchCodec.BASE_OFFSET_AT);
            int count = b.getInt(at + BatchCodec.COUNT_AT);
            long first = b.getLong(at + BatchCodec.FIRST_TS_AT);
            long last = b.getLong(at + BatchCodec.LAST_TS_AT);
            if (base != next || count <= 0 || first > last || first < lastTs) {
                return new Result(pos, next, lastTs, new Problem(pos, "batch claims base offset " + base + ", "
                        + count + " records, timestamps " + first + ".." + last + " where offset " + next
                        + " and timestamps >= " + lastTs + " were expected"));
            }
            if (index != null) {
                index.onBatch((int) (base - segmentBase), pos, first);
            }
            next = base + count;
            lastTs = last;
            pos += total;
        }
        return new Result(pos, next, lastTs, null);
    }

    /**
     * Position of the first whole, CRC-valid batch starting after {@code from} with a base offset of at least
     * {@code minBase}, or -1. Valid data after a bad batch means the bad batch is damage in the middle of the log,
     * not a torn tail.
     */
    long findValidBatchAfter(long from, long minBase) throws IOException {
        for (long q = from + 1; q + BatchCodec.HEADER_SIZE <= fileSize; q++) {
            int at = window.load(channel, q, BatchCodec.HEADER_SIZE, fileSize);
            ByteBuffer b = window.buffer();
            int len = b.getInt(at);
            if (b.get(at + BatchCodec.MAGIC_AT) != BatchCodec.MAGIC || len < BatchCodec.HEADER_SIZE - 4
                    || q + 4 + len > fileSize || b.getLong(at + BatchCodec.BASE_OFFSET_AT) < minBase
                    || b.getInt(at + BatchCodec.COUNT_AT) <= 0) {
                continue;
            }
            at = window.load(channel, q, len + 4, fileSize);
            if (BatchCodec.crcMatches(window.buffer(), at, len + 4, crc)) {
                return q;
            }
        }
        return -1;
    }
}
