package dev.questlog.log.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.KafkaLogConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.local.LocalLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream ↔ topic naming, the topic configs QuestLog creates, and key partitioning, without a broker. */
class TopicsTest {
    private final Topics topics = new Topics("questlog.");

    @Test
    void streamsAreTopicsWithThePrefixAndOtherTopicsAreNotStreams() {
        assertThat(topics.topic("events")).isEqualTo("questlog.events");
        assertThat(topics.stream("questlog.failed-events")).isEqualTo("failed-events");
        assertThat(topics.stream("other.events")).isNull();
        assertThat(topics.stream("questlog.Not_A_Stream")).isNull();
        assertThat(new Topics("").stream("events")).isEqualTo("events");
        assertThatThrownBy(() -> Topics.checkStream("Events!")).hasMessageContaining("Events!");
    }

    @Test
    void newTopicsCarryTheLogsPartitionsReplicasRetentionAndSegments() {
        LogConfig config = new LogConfig("kafka", 6, "group", Duration.ZERO, 1 << 20, 64 << 10, Duration.ofHours(2),
                Duration.ofDays(3), 0).withKafka(new KafkaLogConfig("h:9092", "questlog.", 3));
        NewTopic t = topics.newTopic("events", config);
        assertThat(t.name()).isEqualTo("questlog.events");
        assertThat(t.numPartitions()).isEqualTo(6);
        assertThat(t.replicationFactor()).isEqualTo((short) 3);
        assertThat(t.configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(3).toMillis()))
                .containsEntry("retention.bytes", "-1") // 0 = no size limit
                .containsEntry("segment.bytes", Long.toString(1 << 20)) // raised to Kafka's minimum
                .containsEntry("segment.ms", Long.toString(Duration.ofHours(2).toMillis()));
    }

    /** A stream moved from the local log to Kafka keeps every key in the same partition number. */
    @Test
    void keysGoWhereKafkasDefaultPartitionerAndTheLocalLogPutThem(@TempDir Path dir) {
        LogConfig config = new LogConfig("local", 12, "none", Duration.ZERO, 1 << 20, 1 << 20, Duration.ofHours(1),
                Duration.ofDays(7), 0);
        try (EventLog local = LocalLog.open(config, dir, InstantSource.system())) {
            local.ensureStream("events");
            for (int i = 0; i < 2000; i++) {
                byte[] key = ("client-" + i * 7919).getBytes(StandardCharsets.UTF_8);
                int kafka = KafkaEventLog.partitionForKey(key, 12);
                assertThat(kafka).isEqualTo(BuiltInPartitioner.partitionForKey(key, 12))
                        .isEqualTo(local.partitionFor("events", key));
            }
        }
    }
}
