package dev.questlog.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole typed configuration tree. Built by {@link ConfigLoader}; every key is declared once in a section record
 * and listed by {@link SettingsRegistry}.
 *
 * @param dataDir everything the embedded defaults write lives under this directory
 */
public record QuestLogConfig(Path dataDir, ServerConfig server, LogConfig log, IngestConfig ingest,
                             CollectorConfig collector, LakeConfig lake, WarehouseConfig warehouse,
                             HotConfig hot, LiveConfig live,
                             HeatmapConfig heatmap) {

    static final Setting<String> DATA_DIR = Setting.of("data_dir", SettingType.string(), "./questlog-data",
            "Directory holding everything the embedded defaults write (log, lake, warehouse, index, keys).");

    static final List<Setting<?>> SETTINGS = List.of(DATA_DIR);

    static QuestLogConfig from(ResolvedSettings s) {
        return new QuestLogConfig(Path.of(s.get(DATA_DIR)), ServerConfig.from(s), LogConfig.from(s),
                IngestConfig.from(s), CollectorConfig.from(s), LakeConfig.from(s), WarehouseConfig.from(s),
                HotConfig.from(s), LiveConfig.from(s),
                HeatmapConfig.from(s));
    }
}
