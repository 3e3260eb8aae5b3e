package dev.questlog.config;

import java.util.ArrayList;
import java.util.List;

/** Every declared setting, section by section, in the order {@code config defaults} prints them. */
public final class SettingsRegistry {
    private SettingsRegistry() {
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(QuestLogConfig.SETTINGS);
        all.addAll(ServerConfig.SETTINGS);
        all.addAll(LogConfig.SETTINGS);
        all.addAll(IngestConfig.SETTINGS);
        all.addAll(CollectorConfig.SETTINGS);
        all.addAll(LakeConfig.SETTINGS);
        all.addAll(WarehouseConfig.SETTINGS);
        all.addAll(HotConfig.SETTINGS);
        all.addAll(LiveConfig.SETTINGS);
        all.addAll(HeatmapConfig.SETTINGS);
        return List.copyOf(all);
    }
}
