package dev.questlog.warehouse;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.LakeFile;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.metrics.StageMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm tier's consumer: group {@code warehouse} on stream {@code lake-files}. It buffers file pointers until
 * {@code warehouse.load.max_files} are pending or the oldest is {@code warehouse.load.max_age} old, then writes the
 * manifest to the lake, stages the files, loads them in one transaction and only then commits the group's offsets.
 * After a crash the uncommitted pointers come again, make the same manifest (its id is derived from its files) and
 * the load is skipped or completes: nothing is lost or doubled.
 *
 * <p>Lifecycle: {@link #start} → (runs on its own thread, restarting from the committed offsets after any failure)
 * → {@link #close}, which loads what is pending and stops. Between loads the same thread runs retention (hourly)
 * and the day compaction ({@link Warehouse#compactNextDay}, one day per pass).
 */
public final class WarehouseLoader implements AutoCloseable {
    public static final String STREAM = "lake-files";
    public static final String GROUP = "warehouse";
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLoader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);
    private static final Duration COMPACTION_CHECK_EVERY = Duration.ofMinutes(1);
    private static final Duration COMPACTION_RETRY = Duration.ofMinutes(10);

    private final WarehouseConfig config;
    private final EventLog log;
    private final Warehouse warehouse;
    private final LakeFileStager stager;
    private final InstantSource clock;
    private final StageMetrics metrics;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean healthy = true;
    private Instant nextRetention = Instant.MIN;
    private Instant nextCompaction = Instant.MIN;

    private WarehouseLoader(WarehouseConfig config, EventLog log, ObjectStore store, Warehouse warehouse,
                            Path stagingDir, InstantSource clock, MeterRegistry registry) {
        this.config = config;
        this.log = log;
        this.warehouse = warehouse;
        this.stager = new LakeFileStager(store, stagingDir);
        this.clock = clock;
        this.metrics = StageMetrics.of(registry, "warehouse");
        this.thread = new Thread(this::run, "warehouse-loader");
    }

    /**
     * Starts loading.
     *
     * @param stagingDir where lake files are copied for a load ({@link WarehousePaths#stagingDir})
     */
    public static WarehouseLoader start(WarehouseConfig config, EventLog log, ObjectStore store, Warehouse warehouse,
                                        Path stagingDir, InstantSource clock, MeterRegistry registry) {
        log.ensureStream(STREAM);
        WarehouseLoader loader = new WarehouseLoader(config, log, store, warehouse, stagingDir, clock, registry);
        loader.stager.cleanAll();
        loader.thread.start();
        return loader;
    }

    /** False while the loader is failing (it keeps retrying). */
    public boolean healthy() {
        return healthy;
    }

    private void run() {
        while (!stopping) {
            Set<Integer> partitions = new TreeSet<>(IntStream.range(0, log.partitions(STREAM)).boxed().toList());
            try (LogConsumer consumer = log.consumer(STREAM, GROUP, partitions, StartPosition.earliest())) {
                consume(consumer);
                healthy = true;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                healthy = false;
                metrics.failed(1);
                LOG.error("warehouse loader failed; restarting from the committed offsets in {}", RETRY, e);
                pause();
            }
        }
    }

    private void consume(LogConsumer consumer) throws InterruptedException {
        Pending pending = new Pending();
        while (!stopping) {
            for (ReadRecord r : consumer.poll(1000, POLL)) {
                pending.add(r, pointer(r), clock.instant());
            }
            if (pending.due(config, clock.instant())) {
                load(consumer, pending);
                pending = new Pending();
            }
            retentionIfDue();
            if (pending.oldest == null) {
                // Only with nothing pending (right after a load, or idle), so a compaction delays no waiting file by
                // more than its own duration.
                compactionIfDue();
            }
            metrics.lag(log.lag(STREAM, GROUP).values().stream().mapToLong(Long::longValue).sum());
        }
        if (pending.oldest != null) {
            load(consumer, pending);
        }
    }

    /** The pointer in a record, or null (counted as failed, then skipped) when it is not one. */
    private LakeFile pointer(ReadRecord r) {
        try {
            return LakeFile.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            metrics.failed(1);
            LOG.warn("skipping record {}/{} of {}: not a lake file pointer ({})", r.partition(), r.offset(), STREAM,
                    e.getMessage());
            return null;
        }
    }

    private void load(LogConsumer consumer, Pending pending) {
        long started = System.nanoTime();
        List<ManifestFile> files = pending.files.stream()
                .map(f -> new ManifestFile(f.path(), f.app(), f.date(), f.rows())).toList();
        for (Manifest m : LakeFileStager.manifests(files, config.loadMaxFiles())) {
            loadManifest(m);
        }
        consumer.commit(pending.nextOffsets);
        metrics.batch(Duration.ofNanos(System.nanoTime() - started));
    }

    private void loadManifest(Manifest m) {
        if (warehouse.isLoaded(m.id())) {
            return;
        }
        try {
            List<StagedFile> staged = stager.stage(m, warehouse.loadedFiles(m.paths()));
            LoadResult r = warehouse.load(m, staged);
            metrics.received(r.rowsStaged());
            metrics.written(r.rowsInserted());
            metrics.dropped(r.rowsStaged() - r.rowsInserted());
            LOG.debug("loaded manifest {}: {}", m.id(), r);
        } catch (java.io.IOException e) {
            throw new WarehouseException("cannot stage the files of manifest " + m.id() + ": " + e.getMessage(), e);
        } finally {
            stager.cleanUp(m);
        }
    }

    private void retentionIfDue() {
        Instant now = clock.instant();
        if (now.isAfter(nextRetention)) {
            long deleted = warehouse.applyRetention();
            if (deleted > 0) {
                LOG.info("warehouse retention deleted {} events older than {}", deleted, config.retention());
            }
            nextRetention = now.plus(RETENTION_EVERY);
        }
    }

    /**
     * At most one day compaction per pass, so that a backlog of days (an upgrade, a day of downtime) interleaves
     * with loads instead of holding them back; when no day is due it asks again a minute later. A failing compaction
     * must not stop loading, so it is logged and retried later rather than restarting the consumer.
     */
    private void compactionIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCompaction)) {
            return;
        }
        try {
            long started = System.nanoTime();
            Optional<DayCompaction> done = warehouse.compactNextDay();
            done.ifPresent(d -> LOG.info("warehouse compacted {} ({} events) for heatmaps in {} ms", d.eventDate(),
                    d.rows(), (System.nanoTime() - started) / 1_000_000));
            nextCompaction = done.isPresent() ? now : now.plus(COMPACTION_CHECK_EVERY);
        } catch (WarehouseException e) {
            LOG.warn("warehouse day compaction failed; loading goes on, next try in {}", COMPACTION_RETRY, e);
            nextCompaction = now.plus(COMPACTION_RETRY);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Loads what is pending, commits, and stops; returns when the thread has ended. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pointers read but not loaded yet, with the offsets to commit once they are. */
    private static final class Pending {
        final List<LakeFile> files = new ArrayList<>();
        final Map<Integer, Long> nextOffsets = new HashMap<>();
        Instant oldest;

        void add(ReadRecord r, LakeFile f, Instant now) {
            nextOffsets.merge(r.partition(), r.offset() + 1, Math::max);
            if (f != null) {
                files.add(f);
            }
            if (oldest == null) {
                oldest = now;
            }
        }

        boolean due(WarehouseConfig config, Instant now) {
            return oldest != null && (files.size() >= config.loadMaxFiles()
                    || !now.isBefore(oldest.plus(config.loadMaxAge())));
        }
    }
}
