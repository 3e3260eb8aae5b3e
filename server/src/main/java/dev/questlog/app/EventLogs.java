package dev.questlog.app;

import dev.questlog.config.ConfigException;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.kafka.KafkaLog;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * The stream's backends, registered explicitly by the name used in {@code log.backend}. Lives in the assembly
 * because only the assembly may know backends (see LayeringTest).
 */
public final class EventLogs {
    /** Opens a log from the log config; {@code dataDir} is the process's data directory. */
    @FunctionalInterface
    public interface Factory {
        EventLog open(LogConfig config, Path dataDir, InstantSource clock, MeterRegistry registry);
    }

    private static final Map<String, Factory> BACKENDS = Map.of(
            "local", (config, dataDir, clock, registry) -> LocalLog.open(config, dataDir.resolve("log"), clock,
                    registry),
            "kafka", (config, dataDir, clock, registry) -> KafkaLog.open(config, clock, registry));

    private EventLogs() {
    }

    /** Opens the log named by {@code log.backend}. */
    public static EventLog open(LogConfig config, Path dataDir, InstantSource clock, MeterRegistry registry) {
        Factory factory = BACKENDS.get(config.backend());
        if (factory == null) {
            throw new ConfigException("log.backend: unknown stream backend '" + config.backend() + "'; known: "
                    + BACKENDS.keySet());
        }
        return factory.open(config, dataDir, clock, registry);
    }
}
