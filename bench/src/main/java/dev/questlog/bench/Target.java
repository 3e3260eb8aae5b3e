package dev.questlog.bench;

import dev.questlog.log.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One system under test: the embedded log or a Kafka topic. Appends may come from many threads at once. */
interface Target extends AutoCloseable {
    /** Human name for tables, e.g. {@code QuestLog log.local (fsync group)}. */
    String name();

    /** Appends and returns once the system acknowledged every record (durable per its settings). */
    void append(List<LogRecord> batch) throws Exception;

    /**
     * Appends without blocking the caller (beyond the system's own back-pressure); the future completes once the
     * system acknowledged every record, durable per its settings. Completion callbacks may run on its threads.
     */
    CompletableFuture<?> appendAsync(List<LogRecord> batch);

    /** Reads every record from the start of every partition; returns how many were read. */
    long readAll() throws Exception;

    /** Finds the offset of the first record at or after {@code millis} in one partition. */
    long seek(int partition, long millis) throws Exception;

    int partitions();
}
