package dev.questlog.log.local;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.log.Appended;
import dev.questlog.log.OffsetOutOfRangeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded log: one directory, a subdirectory per stream, and {@code journal/} (see {@link Journal}). Holds an
 * exclusive file lock on {@code <dir>/.lock} while open; writes {@code .clean-shutdown} on a clean close so the next
 * open can trust the indexes of the active segments. Thread-safe.
 *
 * <p>With fsync {@code group}, a checkpoint thread forces the segments every {@code checkpointBytes} of journal (or
 * {@code checkpointNanos} after the last one when anything was written) and then frees the journal files that only held what it forced. Open reads
 * the journal first, recovers each partition with the journal's first offset for it, replays what the segments
 * lack, forces them, and only then drops the old journal files.
 */
final class LocalEventLog implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventLog.class);
    static final String CLEAN_MARKER = ".clean-shutdown";
    static final String JOURNAL_DIR = "journal";
    private static final long MAINTENANCE_PERIOD_MILLIS = 5_000;
    private static final long CHECKPOINT_POLL_NANOS = 10_000_000;

    private final Path dir;
    private final LogSettings settings;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final boolean cleanStart;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Map<String, StreamLog> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService maintenance;
    private Journal journal;
    private Thread checkpointer;
    private volatile boolean closed;
    /** Set when a checkpoint's force failed: see {@link #checkpoint}. */
    private volatile boolean checkpointFailed;
    private boolean opened;

    private LocalEventLog(Path dir, LogSettings settings, InstantSource clock, MeterRegistry registry,
                          FileChannel lockChannel, FileLock fileLock, boolean cleanStart) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.cleanStart = cleanStart;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("log-maintenance").factory());
    }

    static LocalEventLog open(LogSettings settings, Path dir, InstantSource clock, MeterRegistry registry)
            throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("log directory " + dir + " is already open (by this or another process)");
        }
        Path marker = dir.resolve(CLEAN_MARKER);
        boolean clean = Files.deleteIfExists(marker);
        if (clean) {
            Durable.fsyncDirectory(dir);
        }
        LocalEventLog log = new LocalEventLog(dir, settings, clock, registry, lockChannel, lock, clean);
        try {
            Path journalDir = dir.resolve(JOURNAL_DIR);
            JournalReader.Recovered recovered = JournalReader.read(journalDir);
            if (settings.fsync()) {
                log.journal = Journal.start(journalDir, settings.journalFileBytes(), recovered.nextGeneration(),
                        recovered.spares());
            }
            log.openExistingStreams(recovered);
            log.dropReplayed(recovered);
        } catch (IOException | RuntimeException e) {
            log.close(Duration.ZERO);
            throw e;
        }
        if (!settings.fsync()) {
            LOG.warn("log.fsync=none: appends are acknowledged from the page cache and are NOT durable; "
                    + "a power loss or OS crash loses acknowledged events. Use this for benchmarks only.");
        }
        log.opened = true;
        log.maintenance.scheduleWithFixedDelay(log::maintainQuietly, MAINTENANCE_PERIOD_MILLIS,
                MAINTENANCE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        if (log.journal != null) {
            log.checkpointer = Thread.ofPlatform().daemon().name("log-checkpoint").start(log::runCheckpoints);
        }
        return log;
    }

    private void openExistingStreams(JournalReader.Recovered recovered) throws IOException {
        long t0 = System.nanoTime();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && Files.exists(d.resolve(StreamLog.META))) {
                    streams.put(name, StreamLog.open(name, d, settings, clock, cleanStart, registry, journal,
                            recovered));
                }
            }
        }
        for (String name : recovered.batches().keySet()) {
            if (!streams.containsKey(name)) {
                throw new IOException("the journal in " + dir.resolve(JOURNAL_DIR) + " holds records of stream '"
                        + name + "', whose directory is missing");
            }
        }
        LOG.info("opened log {} ({}): streams {} in {} ms", dir, previousRun().description,
                new TreeSet<>(streams.keySet()), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Once the replayed batches are in the segments: forces them, then deletes the journal files they came from
     * (the new journal never reuses those until then).
     */
    private void dropReplayed(JournalReader.Recovered recovered) throws IOException {
        if (recovered.files().isEmpty()) {
            return;
        }
        forceAll();
        for (Path f : recovered.files()) {
            Files.deleteIfExists(f);
        }
        Durable.fsyncDirectory(dir.resolve(JOURNAL_DIR));
    }

    private void forceAll() throws IOException {
        for (StreamLog s : streams.values()) {
            for (PartitionLog p : s.partitions) {
                p.forceWritten();
            }
        }
    }

    /**
     * The checkpoint: reads the journal's next sequence, forces every segment written before, frees the journal
     * files that hold nothing newer. Runs on the checkpoint thread (and once at close).
     *
     * <p>After a failed force no checkpoint retires journal files again in this process: a failed fsync is not
     * retried (the kernel may have dropped the pages it could not write and report the next fsync as a success), so
     * the journal keeps every batch since, the collector's disk threshold eventually refuses appends, and the next
     * open replays it.
     */
    void checkpoint() throws IOException {
        if (checkpointFailed) {
            throw new IOException("an earlier checkpoint of " + dir + " failed; the journal is kept until the log is "
                    + "reopened");
        }
        long sequence = journal.nextSequence();
        journal.takeBytesSinceCheckpoint();
        try {
            forceAll();
        } catch (IOException | RuntimeException e) {
            checkpointFailed = true;
            throw e;
        }
        journal.retireBefore(sequence);
    }

    private void runCheckpoints() {
        long last = System.nanoTime();
        while (!closed) {
            LockSupport.parkNanos(CHECKPOINT_POLL_NANOS);
            long pending = journal.pendingCheckpointBytes();
            long now = System.nanoTime();
            if (closed || pending == 0 || (pending < settings.checkpointBytes()
                    && now - last < settings.checkpointNanos())) {
                continue;
            }
            last = now;
            boolean failedBefore = checkpointFailed;
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                if (!failedBefore) {
                    LOG.error("log checkpoint in {} failed; the journal keeps every batch from now on and the next "
                            + "open replays it (restart once the disk is fixed)", dir, e);
                }
            }
        }
    }

    /** How the directory was left before this open, as the open log line says it. */
    enum PreviousRun {
        NEW("new directory"), CLEAN("clean shutdown"), UNCLEAN("unclean shutdown");

        final String description;

        PreviousRun(String description) {
            this.description = description;
        }
    }

    /**
     * {@link PreviousRun#NEW} when the directory holds no stream yet (first open, or a crash before any stream was
     * created: nothing to recover either way), else whether the last close left the clean-shutdown marker.
     */
    PreviousRun previousRun() {
        if (cleanStart) {
            return PreviousRun.CLEAN;
        }
        return streams.isEmpty() ? PreviousRun.NEW : PreviousRun.UNCLEAN;
    }

    StreamLog stream(String name) {
        StreamLog s = streams.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown stream '" + name + "' (call ensureStream first); streams: "
                    + new TreeSet<>(streams.keySet()));
        }
        return s;
    }

    @Override
    public int ensureStream(String stream) {
        StreamLog.checkName(stream);
        checkOpen();
        return streams.computeIfAbsent(stream, name -> {
            try {
                return StreamLog.open(name, dir.resolve(name), settings, clock, true, registry, journal,
                        JournalReader.Recovered.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create stream " + name + " in " + dir, e);
            }
        }).partitions.length;
    }

    @Override
    public Set<String> streams() {
        return new TreeSet<>(streams.keySet());
    }

    @Override
    public int partitions(String stream) {
        return stream(stream).partitions.length;
    }

    @Override
    public CompletableFuture<List<Appended>> append(String stream, List<LogRecord> records) {
        StreamLog s = stream(stream);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        int n = s.partitions.length;
        int[] parts = new int[records.size()];
        int[] counts = new int[n];
        int keyless = -1;
        for (int i = 0; i < parts.length; i++) {
            byte[] key = records.get(i).key();
            int p;
            if (key.length > 0) {
                p = Partitioner.partition(key, n);
            } else {
                if (keyless < 0) {
                    keyless = s.nextRoundRobin();
                }
                p = keyless;
            }
            parts[i] = p;
            counts[p]++;
        }
        int[] starts = new int[n + 1];
        int used = 0;
        for (int p = 0; p < n; p++) {
            starts[p + 1] = starts[p] + counts[p];
            used += counts[p] > 0 ? 1 : 0;
        }
        int[] order = groupByPartition(parts, starts);
        AppendTicket ticket = new AppendTicket(parts.length, used);
        try {
            checkOpen();
            for (int p = 0; p < n; p++) {
                if (counts[p] > 0) {
                    s.partitions[p].append(ticket, records, order, starts[p], counts[p]);
                }
            }
        } catch (RuntimeException e) {
            ticket.fail(e);
        }
        return ticket.future;
    }

    /**
     * Record indexes grouped by partition (a stable counting sort): partition p's records, in append order, are
     * {@code order[starts[p] .. starts[p + 1])}. Each partition then touches only its own records.
     */
    private static int[] groupByPartition(int[] parts, int[] starts) {
        int[] order = new int[parts.length];
        int[] next = Arrays.copyOf(starts, starts.length - 1);
        for (int i = 0; i < parts.length; i++) {
            order[next[parts[i]]++] = i;
        }
        return order;
    }

    @Override
    public int partitionFor(String stream, byte[] key) {
        int n = stream(stream).partitions.length;
        return key.length == 0 ? -1 : Partitioner.partition(key, n);
    }

    @Override
    public long startOffset(String stream, int partition) {
        return stream(stream).partition(partition).startOffset();
    }

    @Override
    public long endOffset(String stream, int partition) {
        return stream(stream).partition(partition).endOffset();
    }

    @Override
    public long offsetForTimestamp(String stream, int partition, long timestampMillis) {
        try (ReadCursor cursor = new ReadCursor(stream(stream).partition(partition), 64 << 10)) {
            return cursor.offsetForTimestamp(timestampMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves a start position to an offset of the partition. */
    long resolve(StreamLog s, int partition, StartPosition position) {
        PartitionLog p = s.partition(partition);
        return switch (position) {
            case StartPosition.Earliest e -> p.startOffset();
            case StartPosition.Latest l -> p.endOffset();
            case StartPosition.AtTimestamp t -> offsetForTimestamp(s.name, partition, t.timestampMillis());
            case StartPosition.AtOffset o -> {
                if (o.offset() < p.startOffset() || o.offset() > p.endOffset()) {
                    throw new OffsetOutOfRangeException(s.name, partition, o.offset(), p.startOffset(),
                            p.endOffset());
                }
                yield o.offset();
            }
        };
    }

    @Override
    public LogConsumer consumer(String stream, String group, Set<Integer> partitions, StartPosition reset) {
        checkOpen();
        GroupStore.checkName(group);
        StreamLog s = stream(stream);
        partitions.forEach(s::partition);
        return new LocalConsumer(this, s, group, partitions, reset);
    }

    @Override
    public Map<Integer, Long> committed(String stream, String group) {
        return stream(stream).groups.committed(group);
    }

    @Override
    public Set<String> groups(String stream) {
        return stream(stream).groups.groups();
    }

    @Override
    public void enforceRetention() {
        checkOpen();
        long now = clock.millis();
        for (StreamLog s : streams.values()) {
            for (PartitionLog p : s.partitions) {
                p.maintain(now);
            }
        }
    }

    private void maintainQuietly() {
        try {
            if (!closed) {
                enforceRetention();
            }
        } catch (RuntimeException e) {
            LOG.error("log maintenance (segment roll by age, retention) failed", e);
        }
    }

    /**
     * Cancels the periodic maintenance and waits (until {@code deadline}) for a run in progress to finish. Never
     * interrupts it: an interrupt during file I/O closes the channel in use (ClosedByInterruptException), which may
     * be the active segment's, and the close that follows would then find the log unclean.
     */
    private void stopMaintenance(long deadline) {
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("log maintenance at {} still running at close; closing without waiting for it", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the log at " + dir + " is closed");
        }
    }

    /** A clean close forces the segments and retires the journal; otherwise the journal stays for the next open. */
    private boolean closeJournal(boolean clean) {
        if (journal == null) {
            return clean;
        }
        if (clean && opened) {
            try {
                checkpoint();
                journal.close();
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.warn("final checkpoint of the log at {} failed; the next open replays the journal", dir, e);
            }
        }
        journal.abandon();
        return false;
    }

    @Override
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        stopMaintenance(deadline);
        if (checkpointer != null) {
            LockSupport.unpark(checkpointer);
            try {
                checkpointer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean clean = true;
        for (StreamLog s : streams.values()) {
            for (PartitionLog p : s.partitions) {
                clean &= p.close(deadline);
            }
        }
        clean = closeJournal(clean);
        try {
            // only a fully recovered and fully closed log may let the next open trust its indexes
            if (clean && opened) {
                Files.createFile(dir.resolve(CLEAN_MARKER));
                Durable.fsyncDirectory(dir);
            }
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("closing the log at {} failed", dir, e);
        }
    }
}
