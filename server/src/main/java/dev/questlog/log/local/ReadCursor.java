package dev.questlog.log.local;

import dev.questlog.log.CorruptLogException;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A reader's position in one partition: its own read channel on the current segment (so an interrupt of the reading
 * thread closes nothing shared), a read-ahead window, and where the last read stopped so sequential reads skip the
 * index lookup. Every batch is CRC-checked before any of its records is returned. Not thread-safe.
 */
final class ReadCursor implements AutoCloseable {
    private final PartitionLog log;
    private final FileWindow window;
    private final CRC32C crc = new CRC32C();
    private Segment segment;
    private FileChannel channel;
    private long resumeOffset = -1;
    private long resumePosition;

    ReadCursor(PartitionLog log, int windowBytes) {
        this.log = log;
        this.window = new FileWindow(windowBytes);
    }

    /**
     * Adds up to {@code max} records starting at {@code offset} to {@code out}; returns how many. Only records below
     * the partition's published watermark are read.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is below the start or above the end of the partition
     */
    int read(long offset, int max, List<ReadRecord> out) throws IOException {
        Watermark w = log.watermark;
        Segment[] segs = log.segments;
        checkRange(offset, segs, w);
        int added = 0;
        long next = offset;
        int si = floorSegment(segs, offset);
        while (added < max && next < w.endOffset() && si < segs.length) {
            Segment s = segs[si];
            long limit = s == w.segment() ? w.position() : s.size;
            long pos = positionFor(s, next);
            FileChannel ch = open(s, segs, w, offset);
            while (pos < limit && added < max && next < w.endOffset()) {
                int at = loadBatch(ch, s, pos, limit);
                ByteBuffer b = window.buffer();
                int total = b.getInt(at) + 4;
                long base = b.getLong(at + BatchCodec.BASE_OFFSET_AT);
                int count = b.getInt(at + BatchCodec.COUNT_AT);
                int n = base + count <= next ? 0
                        : decode(b, at, s, pos, next, w.endOffset(), max - added, out);
                added += n;
                if (n > 0 && out.get(out.size() - 1).offset() + 1 < Math.min(base + count, w.endOffset())) {
                    next = out.get(out.size() - 1).offset() + 1;
                    break;
                }
                next = Math.max(next, Math.min(base + count, w.endOffset()));
                pos += total;
            }
            resumeOffset = next;
            resumePosition = pos;
            if (pos < limit || s == w.segment()) {
                break;
            }
            si++;
        }
        return added;
    }

    private int decode(ByteBuffer b, int at, Segment s, long pos, long from, long to, int max, List<ReadRecord> out) {
        try {
            return BatchCodec.decode(b, at, log.partition, from, to, max, out);
        } catch (RuntimeException e) {
            throw new CorruptLogException(s.logFile, pos, "batch passes its CRC but its records do not parse: " + e);
        }
    }

    /** Loads the whole batch at {@code pos} into the window, CRC-checked; returns its index in the buffer. */
    int loadBatch(FileChannel ch, Segment s, long pos, long limit) throws IOException {
        if (limit - pos < BatchCodec.HEADER_SIZE) {
            throw new CorruptLogException(s.logFile, pos, "incomplete batch header before byte " + limit);
        }
        int at = window.load(ch, pos, BatchCodec.HEADER_SIZE, limit);
        int len = window.buffer().getInt(at);
        if (len < BatchCodec.HEADER_SIZE - 4 || pos + 4 + len > limit) {
            throw new CorruptLogException(s.logFile, pos, "invalid batch length " + len);
        }
        at = window.load(ch, pos, len + 4, limit);
        if (!BatchCodec.crcMatches(window.buffer(), at, len + 4, crc)) {
            throw new CorruptLogException(s.logFile, pos, "CRC32C mismatch");
        }
        return at;
    }

    private void checkRange(long offset, Segment[] segs, Watermark w) {
        long start = segs[0].baseOffset;
        if (offset < start || offset > w.endOffset()) {
            throw new OffsetOutOfRangeException(log.stream, log.partition, offset, start, w.endOffset());
        }
    }

    static int floorSegment(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segs[mid].baseOffset <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private long positionFor(Segment s, long offset) {
        if (s == segment && offset == resumeOffset) {
            return resumePosition;
        }
        return s.index.floorPosition(offset - s.baseOffset);
    }

    /** This reader's channel on {@code s}; a segment deleted by retention meanwhile means out of range. */
    FileChannel open(Segment s, Segment[] segs, Watermark w, long offset) throws IOException {
        if (s == segment) {
            return channel;
        }
        closeChannel();
        try {
            channel = FileChannel.open(s.logFile, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            long start = log.startOffset();
            throw new OffsetOutOfRangeException(log.stream, log.partition, offset, start, w.endOffset());
        }
        segment = s;
        resumeOffset = -1;
        window.invalidate();
        return channel;
    }

    /**
     * Offset of the first record stamped at or after {@code timestampMillis}, or the end offset when there is none.
     */
    long offsetForTimestamp(long timestampMillis) throws IOException {
        Watermark w = log.watermark;
        Segment[] segs = log.segments;
        for (Segment s : segs) {
            if (s.baseOffset >= w.endOffset()) {
                break;
            }
            if (s.lastTimestamp < timestampMillis) {
                continue;
            }
            long limit = s == w.segment() ? w.position() : s.size;
            long pos = s.index.floorPositionBefore(timestampMillis);
            FileChannel ch;
            try {
                ch = open(s, segs, w, s.baseOffset);
            } catch (OffsetOutOfRangeException deleted) {
                continue;
            }
            while (pos < limit) {
                int at = loadBatch(ch, s, pos, limit);
                ByteBuffer b = window.buffer();
                if (b.getLong(at + BatchCodec.LAST_TS_AT) >= timestampMillis) {
                    long found = BatchCodec.firstOffsetAtOrAfter(b, at, timestampMillis);
                    if (found >= 0) {
                        return Math.min(found, w.endOffset());
                    }
                }
                pos += b.getInt(at) + 4;
            }
        }
        return w.endOffset();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only channel has nothing to lose on close
            }
            channel = null;
            segment = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
