package dev.questlog.log.local;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The batches of one group commit of one partition: encoded back to back in one direct buffer (written with as few
 * {@code FileChannel.write} calls as segment boundaries allow) plus each batch's metadata and the appends waiting
 * for it. Two rounds alternate per partition: appenders fill one while the writer writes and fsyncs the other.
 * Guarded by the partition's lock while pending; owned by the writer thread once taken.
 */
final class Round {
    private static final int INITIAL_BYTES = 64 << 10;

    ByteBuffer buf;
    int batches;
    int[] pos = new int[16];
    int[] len = new int[16];
    int[] count = new int[16];
    long[] base = new long[16];
    long[] ts = new long[16];
    final ArrayList<AppendTicket> tickets = new ArrayList<>();
    long firstNanos;

    int bytes() {
        return buf == null ? 0 : buf.position();
    }

    /** Makes room for {@code size} more bytes, growing the buffer (copying what is pending) when needed. */
    void reserve(int size) {
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(Math.max(INITIAL_BYTES, size));
        } else if (buf.remaining() < size) {
            long wanted = Math.max((long) buf.position() + size, (long) buf.capacity() * 2);
            ByteBuffer bigger = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE - 8, wanted));
            bigger.put(buf.flip());
            buf = bigger;
        }
    }

    void add(int position, int size, long baseOffset, int records, long timestamp, AppendTicket ticket) {
        if (batches == pos.length) {
            int n = batches * 2;
            pos = Arrays.copyOf(pos, n);
            len = Arrays.copyOf(len, n);
            count = Arrays.copyOf(count, n);
            base = Arrays.copyOf(base, n);
            ts = Arrays.copyOf(ts, n);
        }
        pos[batches] = position;
        len[batches] = size;
        count[batches] = records;
        base[batches] = baseOffset;
        ts[batches] = timestamp;
        batches++;
        tickets.add(ticket);
    }

    /** Empties the round for reuse; drops an oversized buffer left by one huge batch. */
    void clear(long maxBytes) {
        if (buf != null) {
            buf.clear();
            if (buf.capacity() > 2 * Math.max(maxBytes, INITIAL_BYTES)) {
                buf = null;
            }
        }
        batches = 0;
        tickets.clear();
    }
}
