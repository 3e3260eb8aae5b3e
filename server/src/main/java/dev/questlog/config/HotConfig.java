package dev.questlog.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hot tier: an embedded Lucene index per UTC day of recent events, searchable seconds after ingest.
 *
 * @param retention       day indexes whose whole day is older than this are deleted
 * @param dropEventTypes  event types that never reach the hot tier (counted as dropped)
 * @param refreshInterval how often new documents become searchable (near-real-time refresh)
 * @param commitInterval  how often the indexes are committed to disk, after which the group offset is committed
 * @param maxBatch        most records taken from the stream per poll
 * @param ramBufferBytes  Lucene's in-memory buffer per day index before it flushes a segment
 */
public record HotConfig(Duration retention, List<String> dropEventTypes, Duration refreshInterval,
                        Duration commitInterval, int maxBatch, long ramBufferBytes) {

    static final Setting<Duration> RETENTION = Setting.of("hot.retention", SettingType.duration(Duration.ofDays(1)),
            Duration.ofDays(7), "Days of events kept searchable; older day indexes are deleted whole.");
    static final Setting<List<String>> DROP = Setting.of("hot.drop_event_types",
            SettingType.stringList(Pattern.compile("[A-Za-z0-9_.-]{1,64}")), List.of("combat_hit"),
            "Event types never indexed in the hot tier (noisy ones); each dropped event is counted.");
    static final Setting<Duration> REFRESH = Setting.of("hot.refresh_interval",
            SettingType.duration(Duration.ofMillis(10)), Duration.ofMillis(250),
            "How often newly indexed events become searchable (near-real-time refresh).");
    static final Setting<Duration> COMMIT = Setting.of("hot.commit_interval",
            SettingType.duration(Duration.ofMillis(100)), Duration.ofSeconds(5),
            "How often the indexes are made durable; the consumer offset is committed only after that.");
    static final Setting<Integer> MAX_BATCH = Setting.of("hot.max_batch", SettingType.integer(1, 1_000_000), 10_000,
            "Most stream records indexed per poll.");
    static final Setting<Long> RAM_BUFFER = Setting.of("hot.ram_buffer", SettingType.bytes(1L << 20, 4L << 30),
            64L << 20, "Lucene indexing buffer per day index before a segment is flushed.");

    static final List<Setting<?>> SETTINGS = List.of(RETENTION, DROP, REFRESH, COMMIT, MAX_BATCH, RAM_BUFFER);

    public HotConfig {
        dropEventTypes = List.copyOf(dropEventTypes);
        if (maxBatch < 1) {
            throw new IllegalArgumentException("hot.max_batch must be >= 1, was " + maxBatch);
        }
    }

    static HotConfig from(ResolvedSettings s) {
        return new HotConfig(s.get(RETENTION), s.get(DROP), s.get(REFRESH), s.get(COMMIT), s.get(MAX_BATCH),
                s.get(RAM_BUFFER));
    }

    /** Defaults, for tests and tools. */
    public static HotConfig defaults() {
        return ConfigLoader.standard().load(java.util.Optional.empty(), java.util.Map.of(), java.util.Map.of()).hot();
    }
}
