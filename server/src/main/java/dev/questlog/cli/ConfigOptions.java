package dev.questlog.cli;

import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that reads the configuration shares: a file, and the common overrides. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./questlog-data).")
    Path dataDir;

    /** Loads the configuration; {@code extra} holds further command-line overrides (dotted key → text). */
    QuestLogConfig load(Map<String, String> extra) {
        if (config != null && !Files.isRegularFile(config)) {
            throw new UserException("--config " + config + ": no such file");
        }
        Map<String, String> overrides = new LinkedHashMap<>(extra);
        if (dataDir != null) {
            overrides.put("data_dir", dataDir.toString());
        }
        return ConfigLoader.standard().load(Optional.ofNullable(config), System.getenv(), overrides);
    }

    QuestLogConfig load() {
        return load(Map.of());
    }
}
