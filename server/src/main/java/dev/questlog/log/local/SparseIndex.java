package dev.questlog.log.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sparse offset and time index of one segment, kept in memory and mirrored to two files: {@code .index}
 * (int32 relative offset, int32 position) and {@code .timeindex} (int64 timestamp, int32 relative offset). An entry
 * points at the start of a batch; the first batch of a segment always has one, later ones every
 * {@code intervalBytes}. Timestamps are non-decreasing within a partition, so both lookups are binary searches.
 * The files are a cache: they are not fsynced, and recovery validates or rebuilds them.
 *
 * <p>Thread-safety: methods are synchronized; one writer thread adds entries while readers look up.
 */
final class SparseIndex {
    static final int OFFSET_ENTRY = 8;
    static final int TIME_ENTRY = 12;

    private final int intervalBytes;
    private int[] relOffsets = new int[64];
    private int[] positions = new int[64];
    private long[] timestamps = new long[64];
    private int count;
    private int flushed;
    private long lastIndexedPosition = -1;

    SparseIndex(int intervalBytes) {
        this.intervalBytes = intervalBytes;
    }

    /** Called for every batch in order; records an entry when the batch is the first or far enough from the last. */
    synchronized void onBatch(int relOffset, long position, long timestamp) {
        if (count > 0 && position - lastIndexedPosition < intervalBytes) {
            return;
        }
        add(relOffset, position, timestamp);
    }

    private void add(int relOffset, long position, long timestamp) {
        if (count == relOffsets.length) {
            relOffsets = Arrays.copyOf(relOffsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        relOffsets[count] = relOffset;
        positions[count] = (int) position;
        timestamps[count] = timestamp;
        count++;
        lastIndexedPosition = position;
    }

    /** Position of the last indexed batch starting at or before {@code relOffset} (0 when none). */
    synchronized long floorPosition(long relOffset) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relOffsets[mid] <= relOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : positions[found];
    }

    /** Position of the last indexed batch stamped before {@code timestamp} (0 when none). */
    synchronized long floorPositionBefore(long timestamp) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : positions[found];
    }

    synchronized int count() {
        return count;
    }

    synchronized long firstTimestamp() {
        return count == 0 ? -1 : timestamps[0];
    }

    synchronized long lastPosition() {
        return count == 0 ? -1 : positions[count - 1];
    }

    synchronized int lastRelOffset() {
        return count == 0 ? -1 : relOffsets[count - 1];
    }

    synchronized void clear() {
        count = 0;
        flushed = 0;
        lastIndexedPosition = -1;
    }

    /** Appends the entries not yet written to the two files (no fsync: the files are a cache). */
    synchronized void flushTo(FileChannel offsets, FileChannel times) throws IOException {
        if (flushed == count) {
            return;
        }
        int n = count - flushed;
        ByteBuffer o = ByteBuffer.allocate(n * OFFSET_ENTRY);
        ByteBuffer t = ByteBuffer.allocate(n * TIME_ENTRY);
        for (int i = flushed; i < count; i++) {
            o.putInt(relOffsets[i]).putInt(positions[i]);
            t.putLong(timestamps[i]).putInt(relOffsets[i]);
        }
        writeFully(offsets, o.flip(), (long) flushed * OFFSET_ENTRY);
        writeFully(times, t.flip(), (long) flushed * TIME_ENTRY);
        flushed = count;
    }

    /** Rewrites both files from memory (after a rebuild). */
    synchronized void rewrite(Path offsetFile, Path timeFile) throws IOException {
        try (FileChannel o = FileChannel.open(offsetFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel t = FileChannel.open(timeFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            flushed = 0;
            flushTo(o, t);
        }
    }

    /**
     * Loads both files if they agree and look sane for a log file of {@code logSize} bytes; returns false (and stays
     * empty) otherwise, so that the caller rebuilds the index by scanning.
     */
    synchronized boolean load(Path offsetFile, Path timeFile, long logSize) throws IOException {
        clear();
        if (!Files.isRegularFile(offsetFile) || !Files.isRegularFile(timeFile)) {
            return false;
        }
        byte[] o = Files.readAllBytes(offsetFile);
        byte[] t = Files.readAllBytes(timeFile);
        int n = o.length / OFFSET_ENTRY;
        if (o.length % OFFSET_ENTRY != 0 || t.length != n * TIME_ENTRY || n == 0) {
            return false;
        }
        ByteBuffer ob = ByteBuffer.wrap(o);
        ByteBuffer tb = ByteBuffer.wrap(t);
        for (int i = 0; i < n; i++) {
            int rel = ob.getInt();
            int pos = ob.getInt();
            long ts = tb.getLong();
            int rel2 = tb.getInt();
            boolean sane = rel == rel2 && pos >= 0 && pos < logSize && (i == 0 ? rel == 0 && pos == 0
                    : rel > relOffsets[i - 1] && pos > positions[i - 1] && ts >= timestamps[i - 1]);
            if (!sane) {
                clear();
                return false;
            }
            add(rel, pos, ts);
        }
        flushed = count;
        return true;
    }

    static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }
}
