package dev.questlog.log.local;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A reusable heap buffer over a range of a file, filled by positional reads in large chunks so that reading many
 * small batches costs few system calls and no whole-segment load. Not thread-safe: one per reader.
 */
final class FileWindow {
    private ByteBuffer buf;
    private long start = -1;
    private int length;

    FileWindow(int capacity) {
        this.buf = ByteBuffer.allocate(capacity);
    }

    ByteBuffer buffer() {
        return buf;
    }

    /**
     * Makes file bytes [{@code pos}, {@code pos + n}) available and returns the buffer index of {@code pos}. Reads
     * ahead up to the buffer's capacity but never at or past {@code limit}.
     */
    int load(FileChannel ch, long pos, int n, long limit) throws IOException {
        if (start >= 0 && pos >= start && pos + n <= start + length) {
            return (int) (pos - start);
        }
        if (n > buf.capacity()) {
            buf = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
        }
        int want = (int) Math.max(n, Math.min(buf.capacity(), limit - pos));
        buf.clear().limit(want);
        long at = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) {
                start = -1;
                throw new EOFException("file ends at " + at + ", needed bytes up to " + (pos + n));
            }
            at += r;
        }
        start = pos;
        length = want;
        return 0;
    }

    /** Forgets the loaded bytes (after the file changed underneath). */
    void invalidate() {
        start = -1;
    }
}
