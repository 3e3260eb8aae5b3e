package dev.questlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code log.kafka.*} settings: the README's example, defaults, overrides and what is refused. */
class KafkaLogConfigTest {
    /** The example of README.md ("Running on Kafka"), verbatim. */
    static final String README_EXAMPLE = """
            log:
              backend: kafka
              partitions: 8
              retention: 7d
              kafka:
                bootstrap_servers: localhost:9092
                topic_prefix: questlog.
                replication_factor: 1
            """;

    @TempDir
    Path dir;

    private LogConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("questlog.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.standard().load(Optional.of(file), env, Map.of()).log();
    }

    @Test
    void theReadmeExampleSelectsKafka() throws IOException {
        LogConfig log = load(README_EXAMPLE, Map.of());
        assertThat(log.backend()).isEqualTo("kafka");
        assertThat(log.kafka()).isEqualTo(new KafkaLogConfig("localhost:9092", "questlog.", 1));
    }

    @Test
    void defaultsAreALocalBrokerAndTheQuestlogPrefix() {
        LogConfig log = LogConfig.defaults();
        assertThat(log.backend()).isEqualTo("local");
        assertThat(log.kafka()).isEqualTo(new KafkaLogConfig("127.0.0.1:9092", "questlog.", 1));
    }

    @Test
    void environmentOverridesTheBrokersAndAnEmptyPrefixIsAllowed() throws IOException {
        LogConfig log = load(README_EXAMPLE, Map.of("QUESTLOG_LOG_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9093",
                "QUESTLOG_LOG_KAFKA_TOPIC_PREFIX", ""));
        assertThat(log.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9093");
        assertThat(log.kafka().topicPrefix()).isEmpty();
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> load("log:\n  kafka:\n    topic_prefix: \"quest log/\"\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.kafka.topic_prefix");
        assertThatThrownBy(() -> load("log:\n  kafka:\n    bootstrap_servers: localhost\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.kafka.bootstrap_servers");
        assertThatThrownBy(() -> load("log:\n  backend: kinesis\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.backend");
        assertThatThrownBy(() -> new KafkaLogConfig("h:1", "p.", 0)).hasMessageContaining("was 0");
    }
}
