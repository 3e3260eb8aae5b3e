package dev.questlog.log.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.KafkaLogConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.EventLogContract;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogReport;
import dev.questlog.log.StartPosition;
import dev.questlog.testkit.kafka.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka backend against the whole {@link EventLogContract}, on a real broker started for this class. Each test
 * gets its own topics (prefix {@code contractN.}); a reopen within a test finds them again. Plus what only this
 * backend has: {@code log inspect} of a cluster.
 */
class KafkaEventLogIT extends EventLogContract {
    private static final AtomicInteger TESTS = new AtomicInteger();

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    private final String prefix = "contract" + TESTS.incrementAndGet() + ".";

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startForTests(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    static LogConfig config(String bootstrap, String prefix) {
        return new LogConfig("kafka", 4, "group", Duration.ZERO, 1 << 20, 1 << 20, Duration.ofHours(1),
                Duration.ofDays(7), 0).withKafka(new KafkaLogConfig(bootstrap, prefix, 1));
    }

    @Test
    void inspectReportsOffsetsSizesTimesAndGroupLag() {
        for (int i = 0; i < 30; i++) {
            append("k" + i, "v" + i);
        }
        int p0 = log.partitionFor(STREAM, bytes("k0"));
        try (LogConsumer c = log.consumer(STREAM, "lake", allPartitions(), StartPosition.earliest())) {
            c.commit(Map.of(p0, 1L));
        }
        LogReport report = KafkaLog.inspect(config(broker.bootstrapServers(), prefix));
        assertThat(report.location()).contains(broker.bootstrapServers()).contains(prefix);
        assertThat(report.streams()).extracting(LogReport.Stream::name).containsExactly(STREAM);
        LogReport.Stream events = report.streams().get(0);
        assertThat(events.partitions().stream().mapToLong(p -> p.endOffset() - p.startOffset()).sum()).isEqualTo(30);
        for (LogReport.Partition p : events.partitions()) {
            if (p.endOffset() > p.startOffset()) {
                assertThat(p.bytes()).isPositive();
                assertThat(p.newestTimestamp()).isGreaterThanOrEqualTo(p.oldestTimestamp());
            } else {
                assertThat(p.oldestTimestamp()).isNull();
            }
        }
        assertThat(events.groups()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("lake");
            assertThat(g.committed()).isEqualTo(Map.of(p0, 1L));
            assertThat(g.totalLag()).isEqualTo(29);
        });
    }

    @Override
    protected EventLog open() {
        // The broker runs retention by its wall clock over the records' timestamps: the test clock, which stamps
        // them, must not lag years behind it (the contract starts it in 2023), or the broker deletes the records.
        long behind = System.currentTimeMillis() - clock.millis();
        if (behind > 0) {
            clock.advance(Duration.ofMillis(behind));
        }
        return KafkaLog.open(config(broker.bootstrapServers(), prefix), clock, new SimpleMeterRegistry());
    }
}
