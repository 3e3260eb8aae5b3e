package dev.questlog.lake;

import dev.questlog.config.LakeConfig;
import dev.questlog.log.EventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives one {@link LakeSink}: open (recover) → poll until stopped → flush → close, and on any
 * failure: abandon the sink, wait, and open a new one, which resumes from the lake's progress markers.
 */
final class SinkRunner<R extends LakeRow> {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final LakeTable<R> kind;
    private final LakeConfig config;
    private final EventLog log;
    private final ObjectStore store;
    private final Path workDir;
    private final InstantSource clock;
    private final LakeMetrics metrics;
    private final FaultHook faults;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean failing;

    SinkRunner(LakeTable<R> kind, LakeConfig config, EventLog log, ObjectStore store, Path workDir,
               InstantSource clock, LakeMetrics metrics, FaultHook faults) {
        this.kind = kind;
        this.config = config;
        this.log = log;
        this.store = store;
        this.workDir = workDir;
        this.clock = clock;
        this.metrics = metrics;
        this.faults = faults;
        this.thread = new Thread(this::run, "lake-" + kind.prefix());
    }

    /** Creates the sink's streams (so producers may append as soon as this returns), then starts its thread. */
    void start() {
        log.ensureStream(kind.stream());
        if (kind.announced()) {
            log.ensureStream(LakeWriter.POINTER_STREAM);
        }
        thread.start();
    }

    void stop() {
        stopping = true;
    }

    /** Running and not in the pause after a failure. */
    boolean healthy() {
        return thread.isAlive() && !failing && !stopping;
    }

    void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopping) {
            try (LakeSink<R> sink = LakeSink.open(kind, config, log, store, workDir, clock, metrics, faults)) {
                failing = false;
                while (!stopping) {
                    sink.pollOnce(POLL);
                }
                sink.flushAll();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failing = true;
                LOG.error("lake writer for {} failed; restarting from the lake's progress in {}", kind.stream(),
                        RETRY, e);
                pause();
            }
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
}
