package dev.questlog.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the {@code kafka} stream backend ({@code log.backend: kafka}) finds its cluster and how it names and creates
 * topics. Ignored by the local log.
 *
 * @param bootstrapServers  {@code host:port[,host:port…]} of some brokers of the cluster
 * @param topicPrefix       stream {@code S} lives in topic {@code <topicPrefix>S}; may be empty
 * @param replicationFactor replicas of each topic QuestLog creates (existing topics are used as they are)
 */
public record KafkaLogConfig(String bootstrapServers, String topicPrefix, int replicationFactor) {
    /** Kafka's legal topic characters; a prefix is part of every topic name. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,100}");
    private static final Pattern SERVERS = Pattern.compile("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*");

    static final Setting<String> BOOTSTRAP = Setting.of("log.kafka.bootstrap_servers",
            matching(SERVERS, "host:port, or several separated by commas"),
            "127.0.0.1:9092", "log.backend=kafka: host:port[,host:port...] of brokers to bootstrap from (PLAINTEXT).");
    static final Setting<String> PREFIX_SETTING = Setting.of("log.kafka.topic_prefix",
            matching(PREFIX, "up to 100 of A-Z a-z 0-9 . _ - (may be empty)"),
            "questlog.", "log.backend=kafka: stream S is topic <prefix>S (e.g. questlog.events); [A-Za-z0-9._-].");
    static final Setting<Integer> REPLICATION = Setting.of("log.kafka.replication_factor",
            SettingType.integer(1, 32), 1,
            "log.backend=kafka: replicas of each topic QuestLog creates; acks=all waits for the in-sync ones.");

    static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP, PREFIX_SETTING, REPLICATION);

    public KafkaLogConfig {
        if (bootstrapServers == null || !SERVERS.matcher(bootstrapServers).matches()) {
            throw new IllegalArgumentException("log.kafka.bootstrap_servers must name at least one broker host:port,"
                    + " was '" + bootstrapServers + "'");
        }
        if (topicPrefix == null || !PREFIX.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException("log.kafka.topic_prefix must match " + PREFIX.pattern() + ", was '"
                    + topicPrefix + "'");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("log.kafka.replication_factor must be >= 1, was " + replicationFactor);
        }
    }

    private static SettingType<String> matching(Pattern pattern, String allowed) {
        return new SettingType.Scalar<>(allowed, text -> {
            String v = text.strip();
            if (!pattern.matcher(v).matches()) {
                throw new IllegalArgumentException("does not match " + pattern.pattern());
            }
            return v;
        }, v -> v.isEmpty() ? "\"\"" : v);
    }

    static KafkaLogConfig from(ResolvedSettings s) {
        return new KafkaLogConfig(s.get(BOOTSTRAP), s.get(PREFIX_SETTING), s.get(REPLICATION));
    }

    /** The defaults (a broker on 127.0.0.1:9092, prefix {@code questlog.}, one replica). */
    public static KafkaLogConfig defaults() {
        return new KafkaLogConfig(BOOTSTRAP.defaultValue(), PREFIX_SETTING.defaultValue(), REPLICATION.defaultValue());
    }
}
