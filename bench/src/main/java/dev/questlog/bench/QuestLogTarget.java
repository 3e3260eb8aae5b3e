package dev.questlog.bench;

import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.log.local.LocalLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The embedded log with the shipped defaults (8 partitions, 2 ms / 4 MiB group commit, 128 MiB segments). */
final class QuestLogTarget implements Target {
    private static final String STREAM = "events";
    private final EventLog log;
    private final String fsync;

    QuestLogTarget(Path dir, String fsync) {
        LogConfig d = LogConfig.defaults();
        LogConfig config = new LogConfig(d.backend(), d.partitions(), fsync, d.groupCommitMaxDelay(),
                d.groupCommitMaxBytes(), d.segmentBytes(), d.segmentAge(), d.retention(),
                d.retentionBytesPerPartition());
        this.log = LocalLog.open(config, dir, InstantSource.system());
        this.fsync = fsync;
        log.ensureStream(STREAM);
    }

    @Override
    public String name() {
        return "QuestLog log.local (fsync " + fsync + ")";
    }

    @Override
    public void append(List<LogRecord> batch) {
        log.append(STREAM, batch).join();
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
