package dev.questlog.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The stream ("log") tier: QuestLog's own on-disk log by default, or Apache Kafka.
 *
 * @param backend                   {@code local} (embedded, under the data directory) or {@code kafka} (topics on a
 *                                  Kafka cluster, see {@link KafkaLogConfig})
 * @param partitions                partitions per stream
 * @param fsync                     {@code group} (durable before ack, shared journal write) or {@code none} (page cache; benchmarks only)
 * @param groupCommitMaxDelay       extra wait for more appends before a group commit (0: only those that arrived
 *                                  during the previous journal write share it)
 * @param groupCommitMaxBytes       a partition's group commit starts at the latest when this many bytes are pending
 * @param segmentBytes              a segment rolls when it reaches this size
 * @param segmentAge                a segment rolls when its first record is this old
 * @param retention                 whole segments older than this are deleted
 * @param retentionBytesPerPartition 0 for no size limit; otherwise oldest segments go beyond it
 * @param kafka                     the cluster and topic naming of the {@code kafka} backend
 */
public record LogConfig(String backend, int partitions, String fsync, Duration groupCommitMaxDelay,
                        long groupCommitMaxBytes, long segmentBytes, Duration segmentAge, Duration retention,
                        long retentionBytesPerPartition, KafkaLogConfig kafka) {

    static final Setting<String> BACKEND = Setting.of("log.backend", SettingType.choice("local", "kafka"), "local",
            "Stream backend: local = QuestLog's own on-disk log under the data directory; kafka = topics on the "
                    + "Kafka cluster of log.kafka.* (partitions, segment and retention settings apply to the topics "
                    + "QuestLog creates; group_commit.max_delay is the producer's linger.ms; fsync and "
                    + "group_commit.max_bytes are the local log's only).");
    static final Setting<Integer> PARTITIONS = Setting.of("log.partitions", SettingType.integer(1, 1024), 8,
            "Partitions per stream; consumers scale by partitions. Fixed once a stream exists.");
    static final Setting<String> FSYNC = Setting.of("log.fsync", SettingType.choice("group", "none"), "group",
            "group: an append returns once its records are durable; concurrent appends of all partitions share one "
                    + "synchronous write-ahead journal write (docs/log-format.md). "
                    + "none: page cache only, NOT durable (benchmarks).");
    static final Setting<Duration> GROUP_DELAY = Setting.of("log.group_commit.max_delay",
            SettingType.duration(Duration.ZERO), Duration.ZERO,
            "Extra wait for more appends before a group commit. Appends that arrive during a journal write share the "
                    + "next one anyway; 0 (no extra wait) measured best (bench/run-log-bench.sh).");
    static final Setting<Long> GROUP_BYTES = Setting.of("log.group_commit.max_bytes",
            SettingType.bytes(4096, 1L << 30), 4L << 20,
            "A partition's group commit starts at the latest when this many bytes are waiting for it.");
    static final Setting<Long> SEGMENT_BYTES = Setting.of("log.segment.bytes",
            SettingType.bytes(1L << 16, 1L << 30), 128L << 20, "A segment file rolls at this size.");
    static final Setting<Duration> SEGMENT_AGE = Setting.of("log.segment.max_age",
            SettingType.duration(Duration.ofSeconds(1)), Duration.ofHours(1),
            "A segment rolls when its first record is this old, so retention can delete it.");
    static final Setting<Duration> RETENTION = Setting.of("log.retention",
            SettingType.duration(Duration.ofMinutes(1)), Duration.ofDays(7),
            "Records are kept (replayable) at least this long; whole older segments are deleted.");
    static final Setting<Long> RETENTION_BYTES = Setting.of("log.retention_bytes_per_partition",
            SettingType.bytes(0, Long.MAX_VALUE >> 1), 0L,
            "Size cap per partition (0 = none): oldest segments beyond it are deleted.");

    static final List<Setting<?>> SETTINGS = Stream.concat(Stream.of(BACKEND, PARTITIONS, FSYNC, GROUP_DELAY,
            GROUP_BYTES, SEGMENT_BYTES, SEGMENT_AGE, RETENTION, RETENTION_BYTES), KafkaLogConfig.SETTINGS.stream())
            .toList();

    public LogConfig {
        Objects.requireNonNull(kafka, "kafka");
    }

    /** A configuration without Kafka settings (the defaults of {@link KafkaLogConfig}): for the local log. */
    public LogConfig(String backend, int partitions, String fsync, Duration groupCommitMaxDelay,
                     long groupCommitMaxBytes, long segmentBytes, Duration segmentAge, Duration retention,
                     long retentionBytesPerPartition) {
        this(backend, partitions, fsync, groupCommitMaxDelay, groupCommitMaxBytes, segmentBytes, segmentAge, retention,
                retentionBytesPerPartition, KafkaLogConfig.defaults());
    }

    /** This configuration with another backend and Kafka settings. */
    public LogConfig withKafka(KafkaLogConfig kafka) {
        return new LogConfig("kafka", partitions, fsync, groupCommitMaxDelay, groupCommitMaxBytes, segmentBytes,
                segmentAge, retention, retentionBytesPerPartition, kafka);
    }

    static LogConfig from(ResolvedSettings s) {
        return new LogConfig(s.get(BACKEND), s.get(PARTITIONS), s.get(FSYNC), s.get(GROUP_DELAY), s.get(GROUP_BYTES),
                s.get(SEGMENT_BYTES), s.get(SEGMENT_AGE), s.get(RETENTION), s.get(RETENTION_BYTES),
                KafkaLogConfig.from(s));
    }

    /** Defaults, for tests and tools. */
    public static LogConfig defaults() {
        return ConfigLoader.standard().load(java.util.Optional.empty(), java.util.Map.of(), java.util.Map.of()).log();
    }
}
