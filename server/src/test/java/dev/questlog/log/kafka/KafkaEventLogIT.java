package dev.questlog.log.kafka;

import dev.questlog.config.KafkaLogConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.EventLogContract;
import dev.questlog.testkit.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka backend against the whole {@link EventLogContract}, on a real broker started for this class. Each test
 * gets its own topics (prefix {@code contractN.}); a reopen within a test finds them again.
 */
class KafkaEventLogIT extends EventLogContract {
    private static final AtomicInteger TESTS = new AtomicInteger();

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    private final String prefix = "contract" + TESTS.incrementAndGet() + ".";

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dir);
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
