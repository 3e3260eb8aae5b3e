package dev.questlog.bench;

import dev.questlog.config.KafkaLogConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.log.kafka.KafkaLog;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * QuestLog's {@link EventLog} with the shipped defaults (8 partitions, no extra group-commit delay): the embedded log
 * ({@link #local}: 128 MiB segments, fsync group or none) or the Kafka backend on the benchmark's broker
 * ({@link #kafka}), so the second can be compared with a plain Kafka producer on the same broker.
 */
final class QuestLogTarget implements Target {
    private static final String STREAM = "events";
    private final EventLog log;
    private final String name;

    private QuestLogTarget(EventLog log, String name) {
        this.log = log;
        this.name = name;
        log.ensureStream(STREAM);
    }

    static QuestLogTarget local(Path dir, String fsync) {
        LogConfig d = LogConfig.defaults();
        // -Dquestlog.bench.maxDelayMs=N tries another group-commit linger than the shipped default
        java.time.Duration delay = Long.getLong("questlog.bench.maxDelayMs") == null ? d.groupCommitMaxDelay()
                : java.time.Duration.ofMillis(Long.getLong("questlog.bench.maxDelayMs"));
        LogConfig config = new LogConfig(d.backend(), d.partitions(), fsync, delay,
                d.groupCommitMaxBytes(), d.segmentBytes(), d.segmentAge(), d.retention(),
                d.retentionBytesPerPartition());
        return new QuestLogTarget(LocalLog.open(config, dir, InstantSource.system()),
                "QuestLog log.local (fsync " + fsync + ")");
    }

    static QuestLogTarget kafka(String bootstrap, String topicPrefix) {
        LogConfig config = LogConfig.defaults().withKafka(new KafkaLogConfig(bootstrap, topicPrefix, 1));
        return new QuestLogTarget(KafkaLog.open(config, InstantSource.system(), new SimpleMeterRegistry()),
                "QuestLog log.kafka (Kafka default: no fsync)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void append(List<LogRecord> batch) {
        log.append(STREAM, batch).join();
    }

    @Override
    public CompletableFuture<?> appendAsync(List<LogRecord> batch) {
        return log.append(STREAM, batch);
    }

    @Override
    public long readAll() throws InterruptedException {
        Set<Integer> all = IntStream.range(0, partitions()).boxed().collect(Collectors.toSet());
        long expected = 0;
        for (int p : all) {
            expected += log.endOffset(STREAM, p) - log.startOffset(STREAM, p);
        }
        long read = 0;
        try (LogConsumer c = log.consumer(STREAM, "bench-read", all, StartPosition.earliest())) {
            while (read < expected) {
                read += c.poll(10_000, Duration.ofSeconds(1)).size();
            }
        }
        return read;
    }

    @Override
    public long seek(int partition, long millis) {
        return log.offsetForTimestamp(STREAM, partition, millis);
    }

    @Override
    public int partitions() {
        return log.partitions(STREAM);
    }

    @Override
    public void close() {
        log.close();
    }
}
