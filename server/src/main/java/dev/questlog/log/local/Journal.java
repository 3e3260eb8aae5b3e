package dev.questlog.log.local;

import dev.questlog.log.local.JournalFiles.JFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal that makes a group commit durable with one synchronous write for all partitions of all
 * streams, instead of one {@code fdatasync} per partition file.
 *
 * <p>A partition's writer first writes its round into its segment (page cache only), then calls {@link #commit}
 * with the same bytes. Commits waiting together are written as one chunk by one of the callers (the others wait):
 * one {@code O_DIRECT | O_DSYNC} write into a preallocated file. Chunks are placed (file, position, sequence) in
 * order under the lock and written outside it, up to {@link #MAX_WRITES} at once; a commit returns when its chunk
 * and every chunk placed before it are written, so recovery, which reads a file up to its first invalid chunk,
 * finds every acknowledged batch. At that point the batches are durable in the journal, though perhaps not yet in
 * their segments.
 *
 * <p>The checkpoint (see {@link LocalEventLog}) reads {@link #nextSequence()}, forces every segment written since
 * the previous checkpoint, then calls {@link #retireBefore}: files whose chunks are all older are reused. So every
 * acknowledged batch is, at any moment, durable in its segment or in a journal file still in place; recovery
 * ({@link JournalReader}) replays the journal's batches that a segment lacks. Thread-safe.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int KEEP_SPARES = 2;

    private static final int MAX_WRITES = 4;

    private record Pending(byte[] stream, int partition, ByteBuffer batches) {
    }

    /** A group being written; {@code upTo} is the last commit ticket it holds. */
    private static final class Write {
        final long upTo;
        boolean done;

        Write(long upTo) {
            this.upTo = upTo;
        }
    }

    private final Path dir;
    private final long fileBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    // all below guarded by lock
    private ArrayList<Pending> queue = new ArrayList<>();
    private long enqueued;
    private long durable;
    private Throwable failure;
    private final ArrayDeque<Write> writes = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private volatile long sequence;
    private long nextGeneration;
    private Future<JFile> nextFile;
    private JFile active;
    private final ArrayDeque<JFile> live = new ArrayDeque<>();
    private final ArrayDeque<Path> spares = new ArrayDeque<>();
    private final AtomicLong bytesSinceCheckpoint = new AtomicLong();
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("log-journal-prepare").factory());

    private Journal(Path dir, long fileBytes, long firstGeneration, List<Path> spares) {
        this.dir = dir;
        this.fileBytes = fileBytes;
        this.nextGeneration = firstGeneration;
        this.spares.addAll(spares);
    }

    /**
     * Starts writing the journal in {@code dir} at generation {@code firstGeneration}, reusing {@code spareFiles}.
     * The first file is prepared before this returns, the next one in the background.
     */
    static Journal start(Path dir, long fileBytes, long firstGeneration, List<Path> spareFiles) throws IOException {
        Journal j = new Journal(dir, fileBytes, firstGeneration, spareFiles);
        j.lock.lock();
        try {
            j.activate(j.prepareNow(0));
        } catch (IOException | RuntimeException e) {
            j.preparer.shutdownNow();
            throw e;
        } finally {
            j.lock.unlock();
        }
        return j;
    }

    /**
     * Makes {@code batches} (one partition's round, whole batches as written to its segment) durable. Returns once
     * the synchronous write that holds them, and every journal write placed before it, has completed; throws when
     * the journal failed, now or earlier.
     */
    void commit(byte[] stream, int partition, ByteBuffer batches) throws IOException {
        Pending mine = new Pending(stream, partition, batches);
        lock.lock();
        try {
            queue.add(mine);
            long ticket = ++enqueued;
            while (durable < ticket) {
                if (failure != null) {
                    throw new IOException("the log's journal failed earlier; it takes no writes until reopened",
                            failure);
                }
                if (queue.isEmpty() || writes.size() >= MAX_WRITES) {
                    written.awaitUninterruptibly();
                } else {
                    writeQueued();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes everything queued, places it (files, positions, sequences: in order, under the lock), writes it with
     * the lock released, then advances {@link #durable} over the writes that completed in order. Up to
     * {@link #MAX_WRITES} run at once, so that copying one group overlaps the device writing the previous one.
     */
    private void writeQueued() {
        List<Pending> group = queue;
        queue = new ArrayList<>();
        Write w = new Write(enqueued);
        writes.addLast(w);
        Throwable error = null;
        List<Chunk> chunks = List.of();
        try {
            chunks = place(group);
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        ByteBuffer buf = buffers.isEmpty() ? JournalFiles.alignedBuffer(1 << 20) : buffers.pop();
        if (error == null) {
            lock.unlock();
            try {
                for (Chunk c : chunks) {
                    buf = c.write(buf);
                }
            } catch (IOException | RuntimeException | Error e) {
                error = e;
            } finally {
                lock.lock();
            }
        }
        buffers.push(buf);
        for (Chunk c : chunks) {
            c.file.writing--;
        }
        if (error != null) {
            LOG.error("writing to the log's journal in {} failed; appends fail until the log is reopened", dir,
                    error);
            failure = error;
        } else {
            w.done = true;
            while (!writes.isEmpty() && writes.peekFirst().done) {
                durable = writes.pollFirst().upTo;
            }
        }
        written.signalAll();
    }

    /** Places the group as chunks: as many entries per chunk as fit in the active file. Under the lock. */
    private List<Chunk> place(List<Pending> group) throws IOException {
        List<Chunk> chunks = new ArrayList<>(2);
        int from = 0;
        while (from < group.size()) {
            JFile f = active;
            long room = f.capacity - f.position;
            long bytes = JournalFormat.CHUNK_HEADER_BYTES;
            int to = from;
            while (to < group.size()) {
                Pending p = group.get(to);
                long next = bytes + JournalFormat.entrySize(p.stream, p.batches.remaining());
                if (JournalFiles.roundUp(next) > room) {
                    break;
                }
                bytes = next;
                to++;
            }
            if (to == from) {
                Pending p = group.get(from);
                rotate(JournalFiles.BLOCK + JournalFiles.roundUp(JournalFormat.CHUNK_HEADER_BYTES
                        + JournalFormat.entrySize(p.stream, p.batches.remaining())));
                continue;
            }
            int aligned = JournalFiles.roundUp(bytes);
            long seq = sequence;
            chunks.add(new Chunk(f, f.position, seq, group.subList(from, to), (int) bytes));
            f.position += aligned;
            f.lastSequence = seq;
            f.writing++;
            sequence = seq + 1;
            bytesSinceCheckpoint.addAndGet(aligned);
            from = to;
        }
        return chunks;
    }

    /** One chunk, placed: written without the lock by the thread that placed it. */
    private record Chunk(JFile file, long position, long sequence, List<Pending> entries, int bytes) {
        /** Writes the chunk through {@code buf} (or a bigger buffer, returned). */
        ByteBuffer write(ByteBuffer buf) throws IOException {
            int aligned = JournalFiles.roundUp(bytes);
            ByteBuffer b = buf.capacity() >= aligned ? buf
                    : JournalFiles.alignedBuffer(Math.max(aligned, buf.capacity() * 2));
            b.clear().position(JournalFormat.CHUNK_HEADER_BYTES);
            for (Pending p : entries) {
                JournalFormat.putEntry(b, p.stream, p.partition, p.batches.duplicate());
            }
            JournalFormat.putChunkHeader(b, bytes - JournalFormat.CHUNK_HEADER_BYTES, file.nonce, sequence,
                    entries.size());
            b.limit(aligned).position(0);
            SparseIndex.writeFully(file.channel, b, position);
            return b;
        }
    }

    /** Switches to the next file (prepared in the background), one of at least {@code minBytes}. Under the lock. */
    private void rotate(long minBytes) throws IOException {
        JFile next;
        try {
            next = nextFile.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the next journal file", e);
        } catch (ExecutionException e) {
            throw new IOException("preparing the next journal file failed", e.getCause());
        }
        if (next.capacity < minBytes) {
            live.addLast(next); // empty: the next checkpoint retires it
            next = prepareNow(minBytes);
        }
        activate(next);
    }

    /**
     * Makes {@code f} the file chunks go to and starts preparing the next one. Under the lock; the spare is taken
     * here, so the preparation never needs the lock (a rotation waits for it while holding the lock).
     */
    private void activate(JFile f) {
        live.addLast(f);
        active = f;
        long generation = nextGeneration++;
        Path spare = spares.pollFirst();
        nextFile = preparer.submit(() -> JournalFiles.prepare(dir, generation, spare, fileBytes));
    }

    /** Prepares a file now, on the calling thread. Under the lock. */
    private JFile prepareNow(long minBytes) throws IOException {
        return JournalFiles.prepare(dir, nextGeneration++, spares.pollFirst(), Math.max(fileBytes, minBytes));
    }

    /** The sequence the next chunk will get: every chunk below it was written (and its segments too). */
    long nextSequence() {
        return sequence;
    }

    /** Journal bytes written since the last call; the checkpoint uses it to decide when to run. */
    long takeBytesSinceCheckpoint() {
        return bytesSinceCheckpoint.getAndSet(0);
    }

    long pendingCheckpointBytes() {
        return bytesSinceCheckpoint.get();
    }

    /**
     * Retires the files other than the active one whose chunks all have sequences below {@code sequence}: their
     * batches are durable in the segments. Called by the checkpoint after it forced them.
     */
    void retireBefore(long sequence) throws IOException {
        lock.lock();
        try {
            while (!live.isEmpty() && live.peekFirst() != active && live.peekFirst().writing == 0
                    && live.peekFirst().lastSequence < sequence) {
                retire(live.pollFirst());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes a file that holds nothing to keep and makes it a spare, or deletes it when enough spares exist. */
    private void retire(JFile f) throws IOException {
        Path spare = JournalFiles.retire(f, spares.size() < KEEP_SPARES);
        if (spare != null) {
            spares.addLast(spare);
        }
    }

    /** Files in use (written or being written), for {@code log inspect} and tests. */
    int liveFiles() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the journal after the log's partitions have stopped writing and a final checkpoint forced them: every
     * file becomes a spare, so the next open has nothing to replay.
     */
    @Override
    public void close() {
        preparer.shutdown();
        try {
            Future<JFile> f = nextFile;
            if (f != null) {
                JFile prepared = f.get();
                lock.lock();
                try {
                    live.addLast(prepared);
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("preparing a journal file in {} failed", dir, e.getCause());
        }
        lock.lock();
        try {
            active = null;
            retireAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the files without retiring them (after a failure: the next open replays them). */
    void abandon() {
        preparer.shutdownNow();
        lock.lock();
        try {
            for (JFile f : live) {
                try {
                    f.channel.close();
                } catch (IOException e) {
                    LOG.warn("closing journal file {} failed", f.path, e);
                }
            }
            live.clear();
        } finally {
            lock.unlock();
        }
    }

    private void retireAll() {
        while (!live.isEmpty()) {
            JFile f = live.pollFirst();
            try {
                retire(f);
            } catch (IOException e) {
                LOG.warn("retiring journal file {} failed", f.path, e);
            }
        }
    }
}
