package dev.questlog.app;

import dev.questlog.config.ConfigException;
import dev.questlog.config.LakeConfig;
import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.local.LocalObjectStore;
import dev.questlog.lake.s3.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The lake's object-store backends, registered explicitly by the name used in {@code lake.store}. Lives in the
 * assembly because only the assembly may know backends (see LayeringTest).
 */
public final class ObjectStores {
    /** Opens a store from the lake config; {@code dataDir} is the process's data directory. */
    @FunctionalInterface
    public interface Factory {
        ObjectStore open(LakeConfig config, Path dataDir) throws IOException;
    }

    private static final Map<String, Factory> BACKENDS = Map.of(
            "local", (config, dataDir) -> LocalObjectStore.open(dataDir.resolve("lake")),
            "s3", (config, dataDir) -> S3ObjectStore.open(config.s3()));

    private ObjectStores() {
    }

    /** Opens the store named by {@code lake.store}. */
    public static ObjectStore open(LakeConfig config, Path dataDir) {
        Factory factory = BACKENDS.get(config.store());
        if (factory == null) {
            throw new ConfigException("lake.store: unknown object store '" + config.store() + "'; known: "
                    + BACKENDS.keySet());
        }
        try {
            return factory.open(config, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake's object store '" + config.store() + "'", e);
        }
    }
}
