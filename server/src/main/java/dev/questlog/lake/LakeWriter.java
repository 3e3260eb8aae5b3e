package dev.questlog.lake;

import dev.questlog.config.LakeConfig;
import dev.questlog.log.EventLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold tier, running: consumer group {@code lake} on stream {@code events} writing
 * {@code events/app=<app>/date=<d>/part-<p>-<first>-<last>.parquet} and a pointer per file to stream
 * {@code lake-files}; the same on {@code failed-events} writing {@code failed/…}; and the retention sweep. Each sink
 * runs on its own thread and, after any failure, starts over from the lake's progress markers (as after a crash).
 *
 * <p>When {@link #start} returns, the streams it reads and writes exist, so producers may append at once.
 *
 * <p>{@link #close()} stops the sinks, cuts and publishes everything they hold, commits, and returns; files are
 * durable and pointers appended when it returns (unless a sink was failing at that moment, in which case its
 * records are simply read again at the next start).
 */
public final class LakeWriter implements AutoCloseable {
    /** The stream that receives a {@link LakeFile} pointer per published events file. */
    public static final String POINTER_STREAM = "lake-files";
    private static final Logger LOG = LoggerFactory.getLogger(LakeWriter.class);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final List<SinkRunner<?>> runners = new ArrayList<>();
    private final ScheduledExecutorService retention;

    private LakeWriter(List<SinkRunner<?>> runners, ScheduledExecutorService retention) {
        this.runners.addAll(runners);
        this.retention = retention;
    }

    /**
     * Starts the lake writer.
     *
     * @param config   the {@code lake} section
     * @param log      the event log holding {@code events} and {@code failed-events}
     * @param store    where files go (the caller owns it and closes it after this writer)
     * @param workDir  local scratch space for staging Parquet files (e.g. {@code <data_dir>/lake-staging})
     * @param clock    decides batch ages and retention
     * @param registry where the stage metrics go
     */
    public static LakeWriter start(LakeConfig config, EventLog log, ObjectStore store, Path workDir,
                                   InstantSource clock, MeterRegistry registry) {
        return start(config, log, store, workDir, clock, registry, FaultHook.NONE);
    }

    static LakeWriter start(LakeConfig config, EventLog log, ObjectStore store, Path workDir, InstantSource clock,
                            MeterRegistry registry, FaultHook faults) {
        List<SinkRunner<?>> runners = List.of(
                new SinkRunner<>(new EventsTable(), config, log, store, workDir.resolve("events"), clock,
                        new LakeMetrics(registry, "lake"), faults),
                new SinkRunner<>(new FailedEventsTable(), config, log, store, workDir.resolve("failed"), clock,
                        new LakeMetrics(registry, "lake-failed"), faults));
        runners.forEach(SinkRunner::start);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lake-retention");
            t.setDaemon(true);
            return t;
        });
        LakeRetention sweep = new LakeRetention(config, store, clock);
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep.sweep();
            } catch (Exception e) {
                LOG.warn("lake retention sweep failed; retrying in {}", RETENTION_EVERY, e);
            }
        }, 0, RETENTION_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new LakeWriter(runners, sweeper);
    }

    /** For the health check: every sink thread is running and none is waiting to restart after a failure. */
    public boolean healthy() {
        return runners.stream().allMatch(SinkRunner::healthy);
    }

    @Override
    public void close() {
        retention.shutdownNow();
        runners.forEach(SinkRunner::stop);
        runners.forEach(SinkRunner::join);
    }
}
