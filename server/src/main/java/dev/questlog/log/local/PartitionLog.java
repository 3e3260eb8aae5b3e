package dev.questlog.log.local;

import dev.questlog.log.Appended;
import dev.questlog.log.CorruptLogException;
import dev.questlog.log.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition: its segments, the group-commit append path and the writer thread.
 *
 * <p>Append path: an appender takes {@link #lock}, assigns offsets and the timestamp, encodes its batch into the
 * pending {@link Round} and leaves. The partition's writer thread takes the whole pending round (lingering up to
 * {@code maxDelay} when appends have been arriving concurrently), writes it with one {@code FileChannel.write} per
 * segment it touches, forces the file once, publishes the new {@link Watermark} and completes the appends. While it
 * forces, new appends fill the other round: that is the group commit. The active segment's index files (a cache that
 * recovery rebuilds) are written by {@link #maintain}, at a roll and at close, not per round: two fewer system calls
 * per round and fewer small dirty pages for the kernel's writeback.
 *
 * <p>Durability: with a {@link Journal} (fsync {@code group}), the round goes to the segment without a force and then
 * into the journal, whose write is shared with the other partitions' rounds; the segments are forced by the log's
 * checkpoint ({@link #forceWritten}). Without one (fsync {@code none}) nothing is forced.
 *
 * <p>Segment changes (write, roll, retention) happen under {@link #writeMutex}; readers work from the volatile
 * {@link #segments} and {@link #watermark} snapshots and never block the writer.
 */
final class PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    final String stream;
    final int partition;
    final Path dir;
    private final LogSettings settings;
    private final InstantSource clock;
    private final Runnable onData;
    private final LogMetrics metrics;
    private final Journal journal;
    /** The stream's name as the journal stores it, encoded once. */
    private final byte[] streamBytes;

    volatile Segment[] segments;
    volatile Watermark watermark;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final CRC32C crc = new CRC32C();
    private Round pending = new Round();
    private Round spare = new Round();
    private long nextOffset;
    private long lastTimestamp;
    private boolean closing;
    private Throwable failure;
    private Thread writer;
    private int lastRoundAppends;

    private final ReentrantLock writeMutex = new ReentrantLock();
    private Segment active;
    /** Segments rolled since the last checkpoint, not yet forced (under writeMutex). */
    private final List<Segment> unforced = new ArrayList<>();
    /** What the checkpoint may drop from the page cache; also the lock that makes checkpoints one at a time. */
    private final CacheWindow cacheWindow;
    /** Set by a write, cleared by the checkpoint before it forces. */
    private volatile boolean written;

    PartitionLog(String stream, int partition, Path dir, LogSettings settings, InstantSource clock, Runnable onData,
                 LogMetrics metrics, Journal journal, Segment[] recovered) throws IOException {
        this.stream = stream;
        this.partition = partition;
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.onData = onData;
        this.metrics = metrics;
        this.journal = journal;
        this.cacheWindow = new CacheWindow(settings.cacheWindowBytes());
        this.streamBytes = stream.getBytes(StandardCharsets.UTF_8);
        this.segments = recovered;
        this.active = recovered[recovered.length - 1];
        active.openForAppend();
        this.nextOffset = active.endOffset;
        for (Segment s : recovered) {
            lastTimestamp = Math.max(lastTimestamp, s.lastTimestamp);
        }
        this.watermark = new Watermark(active.endOffset, active, active.size);
    }

    long startOffset() {
        return segments[0].baseOffset;
    }

    long endOffset() {
        return watermark.endOffset();
    }

    /**
     * Encodes records {@code records.get(order[from])} .. {@code records.get(order[from + count - 1])} (this
     * partition's records, in append order) as one batch into the pending round and fills in their positions in the
     * ticket. Blocks only while the pending round is full ({@code max_bytes}), which is the back-pressure.
     */
    void append(AppendTicket ticket, List<LogRecord> records, int[] order, int from, int count) {
        int size = BatchCodec.batchSize(records, order, from, count);
        lock.lock();
        try {
            awaitRoom(size);
            ensureWriter();
            long ts = Math.max(clock.millis(), lastTimestamp);
            lastTimestamp = ts;
            long base = nextOffset;
            nextOffset += count;
            pending.reserve(size);
            int at = pending.buf.position();
            BatchCodec.encode(pending.buf, records, order, from, count, base, ts, crc);
            pending.add(at, size, base, count, ts, ticket);
            for (int k = 0; k < count; k++) {
                ticket.results[order[from + k]] = new Appended(partition, base + k, ts);
            }
            if (pending.batches == 1) {
                pending.firstNanos = System.nanoTime();
                work.signal();
            } else if (pending.bytes() >= settings.maxBytes()) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitRoom(int size) {
        while (true) {
            if (failure != null) {
                throw new IllegalStateException("partition " + stream + "/" + partition
                        + " failed earlier and takes no appends until the log is reopened", failure);
            }
            if (closing) {
                throw new IllegalStateException("the log is closed");
            }
            int used = pending.bytes();
            if (used == 0 || (long) used + size <= settings.maxBytes()) {
                return;
            }
            space.awaitUninterruptibly();
        }
    }

    private void ensureWriter() {
        if (writer == null) {
            writer = Thread.ofPlatform().daemon().name("log-writer-" + stream + "-" + partition).start(this::runWriter);
        }
    }

    private void runWriter() {
        while (true) {
            Round round;
            lock.lock();
            try {
                while (pending.batches == 0 && !closing) {
                    work.awaitUninterruptibly();
                }
                if (pending.batches == 0) {
                    return;
                }
                linger();
                round = pending;
                pending = spare;
                spare = null;
                lastRoundAppends = round.tickets.size();
                space.signalAll();
            } finally {
                lock.unlock();
            }
            writeRound(round);
            round.clear(settings.maxBytes());
            lock.lock();
            try {
                spare = round;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits for more appends to share the coming fsync, but only when the last round already carried several
     * appends: a lone appender would only be slowed down by waiting.
     */
    private void linger() {
        if (settings.maxDelayNanos() == 0 || lastRoundAppends < 2 || closing) {
            return;
        }
        long deadline = pending.firstNanos + settings.maxDelayNanos();
        long left;
        while (!closing && pending.bytes() < settings.maxBytes() && (left = deadline - System.nanoTime()) > 0) {
            try {
                work.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeRound(Round r) {
        writeMutex.lock();
        try {
            if (failure != null) {
                throw new IOException("partition failed earlier", failure);
            }
            writeBatches(r);
            if (journal != null) {
                long t0 = System.nanoTime();
                int bytes = r.pos[r.batches - 1] + r.len[r.batches - 1];
                journal.commit(streamBytes, partition, r.buf.duplicate().limit(bytes).position(0));
                metrics.fsync.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
            long end = r.base[r.batches - 1] + r.count[r.batches - 1];
            watermark = new Watermark(end, active, active.size);
        } catch (IOException | RuntimeException e) {
            fail(e, r);
            return;
        } finally {
            writeMutex.unlock();
        }
        onData.run();
        long records = 0;
        long bytes = 0;
        for (int i = 0; i < r.batches; i++) {
            records += r.count[i];
            bytes += r.len[i];
        }
        metrics.records.increment(records);
        metrics.bytes.increment(bytes);
        metrics.appendsPerRound.record(r.batches);
        for (AppendTicket t : r.tickets) {
            t.partDone();
        }
    }

    /** Writes the round's batches in order, rolling to a new segment between batches when size or age says so. */
    private void writeBatches(Round r) throws IOException {
        ByteBuffer buf = r.buf;
        int runFrom = 0;
        for (int i = 0; i < r.batches; i++) {
            // batches are contiguous in the buffer: pos[i] - pos[runFrom] is what this segment gets before batch i
            long segBytes = active.size + (r.pos[i] - r.pos[runFrom]);
            long firstTs = active.firstTimestamp >= 0 ? active.firstTimestamp : (i > runFrom ? r.ts[runFrom] : -1);
            boolean full = segBytes > 0 && segBytes + r.len[i] > settings.segmentBytes();
            boolean old = firstTs >= 0 && r.ts[i] - firstTs >= settings.segmentAgeMillis();
            if (full || old) {
                writeRun(r, buf, runFrom, i);
                roll(r.base[i], false);
                runFrom = i;
            }
        }
        writeRun(r, buf, runFrom, r.batches);
    }

    /** Writes batches [from, to) of the round with one write and indexes them. */
    private void writeRun(Round r, ByteBuffer buf, int from, int to) throws IOException {
        if (from >= to) {
            return;
        }
        int start = r.pos[from];
        int end = r.pos[to - 1] + r.len[to - 1];
        buf.limit(end).position(start);
        long at = active.size;
        SparseIndex.writeFully(active.channel(), buf, at);
        written = true;
        for (int i = from; i < to; i++) {
            active.onBatchWritten(at + (r.pos[i] - start), r.base[i], r.count[i], r.ts[i], r.len[i]);
            active.endOffset = r.base[i] + r.count[i];
            active.lastTimestamp = r.ts[i];
        }
    }

    /**
     * Starts a new segment at {@code nextBase}. Without a journal the old segment is forced and the directory fsynced
     * here, so that only the last segment of a partition can ever hold a torn tail and the new file survives a power
     * loss. With one, the next checkpoint does both before it retires the journal that holds their batches (recovery
     * knows that any segment past the checkpoint may be torn or missing, and the journal holds what it lacks): a
     * directory fsync here stalled every append to the partition for 5-20 ms on the benchmark VM. {@code
     * syncDirectory}: fsync the directory now in any case.
     */
    private void roll(long nextBase, boolean syncDirectory) throws IOException {
        Segment old = active;
        if (journal == null) {
            old.channel().force(false);
        } else {
            unforced.add(old);
        }
        old.closeForAppend();
        Segment next = new Segment(dir, nextBase, settings.indexIntervalBytes());
        next.openForAppend();
        if (journal == null || syncDirectory) {
            Durable.fsyncDirectory(dir);
        }
        Segment[] segs = segments;
        Segment[] grown = Arrays.copyOf(segs, segs.length + 1);
        grown[segs.length] = next;
        active = next;
        segments = grown;
        Watermark w = watermark;
        if (w.endOffset() == nextBase) {
            watermark = new Watermark(nextBase, next, 0);
        }
        LOG.debug("{}/{}: rolled to segment {}", stream, partition, next.logFile.getFileName());
    }

    /**
     * Forces what was written to this partition's segments before the call (the checkpoint's step), then lets the
     * kernel drop from its page cache what lies more than {@link LogSettings#cacheWindowBytes} behind the
     * partition's end (see {@link PageCache}: readers that far behind read from disk). Returns without a system call
     * when nothing was written since the previous one.
     */
    void forceWritten() throws IOException {
        // One checkpoint at a time per partition (a close whose wait for the checkpoint thread timed out runs its
        // own): the cache window walks the segments in the order they were forced.
        synchronized (cacheWindow) {
            forceAndTrim();
        }
    }

    private void forceAndTrim() throws IOException {
        List<Segment> rolled;
        Segment current;
        long forcedSize;
        writeMutex.lock();
        try {
            if (!written && unforced.isEmpty()) {
                return;
            }
            written = false;
            rolled = new ArrayList<>(unforced);
            unforced.clear();
            current = active;
            forcedSize = current.size;
        } finally {
            writeMutex.unlock();
        }
        if (!rolled.isEmpty()) {
            Durable.fsyncDirectory(dir); // the segments created by those rolls
        }
        for (Segment s : rolled) {
            force(s);
        }
        force(current);
        cacheWindow.trim(rolled, current, forcedSize);
    }

    private static void force(Segment s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.logFile, StandardOpenOption.READ)) {
            ch.force(false);
        } catch (NoSuchFileException e) {
            // deleted by retention meanwhile: nothing to keep
        }
    }

    /**
     * Appends the journalled batches that recovery found missing from the segments, in order, before the partition
     * takes appends. A journalled batch that does not start exactly at the partition's end means a gap: the open
     * fails rather than leave a hole.
     */
    void replay(List<ByteBuffer> runs) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        writeMutex.lock();
        try {
            long before = nextOffset;
            Round r = new Round();
            for (ByteBuffer run : runs) {
                r.clear(settings.maxBytes());
                for (int at = 0; at < run.limit(); ) {
                    int len = run.getInt(at) + 4;
                    long base = run.getLong(at + BatchCodec.BASE_OFFSET_AT);
                    int count = run.getInt(at + BatchCodec.COUNT_AT);
                    long ts = run.getLong(at + BatchCodec.LAST_TS_AT);
                    if (base + count > nextOffset) {
                        if (base != nextOffset) {
                            throw new CorruptLogException(active.logFile, active.size, "the journal holds offsets "
                                    + base + ".." + (base + count - 1) + " but the partition ends at offset "
                                    + nextOffset + ": acknowledged records are missing");
                        }
                        r.reserve(len);
                        int pos = r.buf.position();
                        r.buf.put(run.slice(at, len));
                        r.add(pos, len, base, count, ts, null);
                        nextOffset = base + count;
                        lastTimestamp = Math.max(lastTimestamp, ts);
                    }
                    at += len;
                }
                if (r.batches > 0) {
                    writeBatches(r);
                }
            }
            watermark = new Watermark(active.endOffset, active, active.size);
            if (nextOffset > before) {
                LOG.warn("{}/{}: replayed offsets {}..{} from the journal (written after the last checkpoint)",
                        stream, partition, before, nextOffset - 1);
            }
        } finally {
            writeMutex.unlock();
        }
    }

    private void fail(Throwable e, Round r) {
        LOG.error("{}/{}: writing to {} failed; the partition takes no more appends until the log is reopened",
                stream, partition, active, e);
        lock.lock();
        try {
            failure = e;
            for (AppendTicket t : pending.tickets) {
                t.fail(e);
            }
            space.signalAll();
        } finally {
            lock.unlock();
        }
        long records = 0;
        for (int i = 0; i < r.batches; i++) {
            records += r.count[i];
        }
        metrics.failed.increment(records);
        for (AppendTicket t : r.tickets) {
            t.fail(e);
        }
    }

    /**
     * Rolls the active segment when its first record is older than the segment age, catches the active segment's index
     * files up with memory, and deletes whole segments past retention (age of their newest record, or the size cap).
     * Called by the maintenance thread and {@code enforceRetention}.
     */
    void maintain(long nowMillis) {
        writeMutex.lock();
        try {
            if (failure != null || active.channel() == null) {
                return;
            }
            if (!active.isEmpty() && nowMillis - active.firstTimestamp >= settings.segmentAgeMillis()) {
                // synced at once: retention, next, may delete the old segments, and the partition must not be
                // left without its new one on a file system that orders the two differently
                roll(active.endOffset, true);
            }
            active.flushIndex();
            deleteExpired(nowMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("maintenance of " + stream + "/" + partition + " failed", e);
        } finally {
            writeMutex.unlock();
        }
    }

    private void deleteExpired(long nowMillis) throws IOException {
        Segment[] segs = segments;
        long total = 0;
        for (Segment s : segs) {
            total += s.size;
        }
        int drop = 0;
        while (drop < segs.length - 1) {
            Segment s = segs[drop];
            boolean expired = s.isEmpty() || nowMillis - s.lastTimestamp > settings.retentionMillis();
            boolean oversize = settings.retentionBytes() > 0 && total - s.size >= settings.retentionBytes();
            if (!expired && !oversize) {
                break;
            }
            total -= s.size;
            drop++;
        }
        if (drop == 0) {
            return;
        }
        segments = Arrays.copyOfRange(segs, drop, segs.length);
        for (int i = 0; i < drop; i++) {
            segs[i].delete();
            LOG.info("{}/{}: retention deleted segment {} (offsets {}..{})", stream, partition,
                    segs[i].logFile.getFileName(), segs[i].baseOffset, segs[i].endOffset - 1);
        }
        Durable.fsyncDirectory(dir);
    }

    /**
     * Stops taking appends, lets the writer finish what was appended, and closes the files. Returns true when
     * everything appended was written and the indexes flushed.
     */
    boolean close(long deadlineNanos) {
        Thread w;
        lock.lock();
        try {
            closing = true;
            work.signalAll();
            space.signalAll();
            w = writer;
        } finally {
            lock.unlock();
        }
        if (w != null) {
            try {
                w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive()) {
                LOG.warn("{}/{}: writer still busy at close; pending appends may be lost", stream, partition);
                return false;
            }
        }
        writeMutex.lock();
        try {
            active.closeForAppend();
            return failure == null;
        } catch (IOException e) {
            LOG.warn("{}/{}: closing {} failed", stream, partition, active, e);
            return false;
        } finally {
            writeMutex.unlock();
        }
    }
}
