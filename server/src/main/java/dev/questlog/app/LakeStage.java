package dev.questlog.app;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.LakeWriter;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.web.Health;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The cold tier as the assembly runs it: the lake's object store (opened whenever a stage needs it — the lake
 * writer, the warehouse loader — and shared) and, for role {@code lake}, the lake writer. Lifecycle: {@link #open}
 * → {@link #startWriter} (optional) → {@link #close} (writer first, so it publishes what it holds, then the store).
 */
public final class LakeStage implements AutoCloseable {
    private final LakeConfig config;
    private final Path dataDir;
    private final ObjectStore store;
    private LakeWriter writer;

    private LakeStage(LakeConfig config, Path dataDir, ObjectStore store) {
        this.config = config;
        this.dataDir = dataDir;
        this.store = store;
    }

    /** Opens the object store named by {@code lake.store} ({@code <data_dir>/lake} or the S3 bucket). */
    public static LakeStage open(LakeConfig config, Path dataDir) {
        return new LakeStage(config, dataDir, ObjectStores.open(config, dataDir));
    }

    /** The store, for other stages that read the lake (the warehouse loader). */
    public ObjectStore store() {
        return store;
    }

    /** Starts the lake writer on {@code events} and {@code failed-events}; registers health check {@code lake}. */
    public synchronized void startWriter(EventLog log, InstantSource clock, MeterRegistry registry, Health health) {
        if (writer == null) {
            writer = LakeWriter.start(config, log, store, dataDir.resolve("lake-staging"), clock, registry);
            LakeWriter running = writer;
            health.register("lake", false, running::healthy);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            try {
                store.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the lake's object store", e);
            }
        }
    }
}
