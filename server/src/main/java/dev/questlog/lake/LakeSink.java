package dev.questlog.lake;

import dev.questlog.config.LakeConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake consumer of one stream: poll → stage rows per (partition, app, date) → cut → publish → commit. One
 * instance is one incarnation: after any failure it is abandoned (closed without flushing) and a new one recovers
 * from the lake's markers, exactly as after a crash. Not thread-safe: one thread drives it.
 *
 * <p>Lifecycle: {@link #open} (recover each partition from the lake and seek there) → {@link #pollOnce} … (cuts a
 * partition when one of its batches is full or old) → {@link #flushAll} on shutdown → {@link #close}.
 */
final class LakeSink<R extends LakeRow> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeSink.class);
    static final String GROUP = "lake";
    private static final int MAX_POLL_RECORDS = 10_000;

    private final LakeTable<R> kind;
    private final LakeConfig config;
    private final LogConsumer consumer;
    private final ParquetStaging staging;
    private final InstantSource clock;
    private final LakeMetrics metrics;
    private final Map<Integer, PartitionState<R>> partitions = new TreeMap<>();
    private final CutPublisher publisher;
    private final EventLog log;

    private LakeSink(LakeTable<R> kind, LakeConfig config, EventLog log, LogConsumer consumer, ParquetStaging staging,
                     CutPublisher publisher, InstantSource clock, LakeMetrics metrics) {
        this.kind = kind;
        this.config = config;
        this.log = log;
        this.consumer = consumer;
        this.staging = staging;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Opens a sink over all partitions of the table's stream, resuming each where the lake says. */
    static <R extends LakeRow> LakeSink<R> open(LakeTable<R> kind, LakeConfig config, EventLog log, ObjectStore store,
                                                Path workDir, InstantSource clock, LakeMetrics metrics,
                                                FaultHook faults) throws IOException {
        log.ensureStream(kind.stream());
        if (kind.announced()) {
            log.ensureStream(LakeWriter.POINTER_STREAM);
        }
        java.util.Set<Integer> all = new java.util.TreeSet<>();
        for (int p = 0; p < log.partitions(kind.stream()); p++) {
            all.add(p);
        }
        LogConsumer consumer = log.consumer(kind.stream(), GROUP, all, StartPosition.earliest());
        ParquetStaging staging = null;
        try {
            staging = ParquetStaging.open(workDir, config.zstdLevel(), kind.setupSql());
            CutPublisher publisher = new CutPublisher(kind, store, log, consumer, staging, workDir, faults);
            LakeSink<R> sink = new LakeSink<>(kind, config, log, consumer, staging, publisher, clock, metrics);
            sink.recover(new LakeProgress(store, kind.prefix()));
            return sink;
        } catch (IOException | RuntimeException e) {
            consumer.close();
            closeQuietly(staging);
            throw e;
        }
    }

    private void recover(LakeProgress progress) throws IOException {
        Map<Integer, Long> committed = log.committed(kind.stream(), GROUP);
        for (int p : consumer.partitions()) {
            Optional<ProgressMarker> marker = progress.recover(p);
            if (marker.isPresent()) {
                seek(p, marker.get().nextOffset());
            } else if (committed.containsKey(p)) {
                seek(p, committed.get(p)); // no file yet, but the group was told where to go
            } else {
                consumer.seek(p, StartPosition.earliest());
            }
            long position = consumer.positions().get(p);
            List<LakeFile> last = marker.map(ProgressMarker::lastFiles).orElse(List.of());
            partitions.put(p, new PartitionState<>(new ProgressMarker(p, position, last, null)));
            publisher.reannounce(last); // at-least-once: a crash may have come between publish and pointer
            consumer.commit(Map.of(p, position));
        }
    }

    private void seek(int partition, long offset) {
        long start = log.startOffset(kind.stream(), partition);
        if (offset < start) {
            LOG.warn("lake {} partition {}: records {}..{} left the log before they reached the lake", kind.stream(),
                    partition, offset, start - 1);
            offset = start;
        }
        long end = log.endOffset(kind.stream(), partition);
        if (offset > end) {
            // The log is behind the lake (it was recreated): new records reuse offsets the lake already holds.
            LOG.warn("lake {} partition {}: the lake holds offsets up to {} but the log ends at {}; was the log"
                    + " recreated? Move the lake's files aside to avoid mixing two histories", kind.stream(),
                    partition, offset - 1, end);
            offset = end;
        }
        consumer.seek(partition, StartPosition.offset(offset));
    }

    /**
     * Polls once (waiting up to {@code timeout}), stages the records, and cuts every partition that is due.
     *
     * @return the number of records read
     */
    int pollOnce(Duration timeout) throws IOException, SQLException, InterruptedException {
        List<ReadRecord> records;
        try {
            records = consumer.poll(MAX_POLL_RECORDS, timeout);
        } catch (OffsetOutOfRangeException e) {
            LOG.warn("lake {}: {}", kind.stream(), e.getMessage());
            cut(partitions.get(e.partition()));
            consumer.seek(e.partition(), StartPosition.earliest());
            return 0;
        }
        stage(records);
        cutDue();
        return records.size();
    }

    /** Stages records; a batch that reaches the size limit cuts its partition at once, mid-poll. */
    private void stage(List<ReadRecord> records) throws SQLException, IOException {
        long now = clock.millis();
        long dropped = 0;
        long failed = 0;
        for (ReadRecord r : records) {
            R row = kind.decode(r);
            PartitionState<R> p = partitions.get(r.partition());
            OpenBatch<R> batch = p.add(kind, staging, row, r.offset(), kind.inputBytes(r), now);
            if (batch == null) {
                dropped++;
                continue;
            }
            if (kind.undecodable(row)) {
                failed++;
            }
            if (batch.inputBytes() >= config.batchMaxBytes()) {
                cut(p);
            }
        }
        metrics.received(records.size());
        metrics.dropped(dropped);
        metrics.failed(failed);
    }

    private void cutDue() throws IOException, SQLException {
        long now = clock.millis();
        long buffered = 0;
        long oldest = 0;
        for (PartitionState<R> p : partitions.values()) {
            if (p.due(config.batchMaxBytes(), config.batchMaxAge().toMillis(), now)) {
                cut(p);
            }
            buffered += p.inputBytes();
            oldest = Math.max(oldest, p.oldestAgeMillis(now));
        }
        while (buffered >= config.bufferMaxBytes()) {
            PartitionState<R> fullest = partitions.values().stream()
                    .max(Comparator.comparingLong(PartitionState::inputBytes)).orElseThrow();
            buffered -= fullest.inputBytes();
            cut(fullest);
        }
        metrics.batchAge(oldest);
    }

    private void cut(PartitionState<R> p) throws IOException, SQLException {
        if (p == null || p.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        CutPublisher.Result result = publisher.publish(p);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.published(result.rows(), result.files(), result.bytes(), took);
        LOG.debug("lake {} partition {}: published {} files, {} rows, {} bytes in {} ms", kind.prefix(), p.partition(),
                result.files(), result.rows(), result.bytes(), took.toMillis());
        metrics.lag(log.lag(kind.stream(), GROUP).values().stream().mapToLong(Long::longValue).sum());
    }

    /** Cuts every partition with open batches (shutdown). */
    void flushAll() throws IOException, SQLException {
        for (PartitionState<R> p : partitions.values()) {
            cut(p);
        }
    }

    /** The next offset the lake has covered, per partition (for tests and status). */
    Map<Integer, Long> coveredOffsets() {
        Map<Integer, Long> out = new TreeMap<>();
        partitions.forEach((p, s) -> out.put(p, s.marker().nextOffset()));
        return out;
    }

    /** Closes without flushing: open batches are dropped and re-read by the next incarnation. */
    @Override
    public void close() {
        consumer.close();
        closeQuietly(staging);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {}", c, e);
            }
        }
    }
}
