package dev.questlog.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A durable, partitioned, replayable log of named streams: the embedded stand-in for a Kafka topic or a Kinesis
 * stream, designed so that a Kafka implementation maps onto it one to one.
 *
 * <p>Streams have a fixed number of partitions. Records with the same key go to the same partition and stay in
 * append order; offsets are dense and monotonic per partition. Consumer groups keep a committed offset per
 * partition; many groups read a stream independently.
 *
 * <p>Thread-safety: all methods may be called from many threads at once.
 */
public interface EventLog extends AutoCloseable {

    /** Creates the stream with the configured number of partitions if it does not exist; returns its partitions. */
    int ensureStream(String stream);

    /** Names of the existing streams. */
    Set<String> streams();

    /** Number of partitions of an existing stream. */
    int partitions(String stream);

    /**
     * Appends records. The future completes with each record's position, in the order given, only once all of them
     * are durable under the configured fsync policy (group commit by default); it completes exceptionally when they
     * could not be made durable, in which case none is acknowledged (some may still be read later: at-least-once).
     * The stream must exist ({@link #ensureStream}); an unknown stream throws {@link IllegalArgumentException}. Records with an empty key of one call go together to one
     * partition, the next call's to the next (round-robin). The call may block while the log's write buffers are
     * full (back-pressure). Dependent stages of the future may run on the log's writer thread: use the
     * {@code *Async} variants for anything slow.
     */
    CompletableFuture<List<Appended>> append(String stream, List<LogRecord> records);

    /**
     * The partition a non-empty key maps to (stable for the life of the stream; Kafka's murmur2 partitioning), or
     * -1 for an empty key, which has no fixed partition.
     */
    int partitionFor(String stream, byte[] key);

    /** Offset of the oldest retained record of a partition. */
    long startOffset(String stream, int partition);

    /**
     * One past the last acknowledged (durable) record of a partition: readers see the records below it. Records
     * being appended right now get this offset and above.
     */
    long endOffset(String stream, int partition);

    /** Offset of the first record appended at or after {@code timestampMillis}, or the end offset if none. */
    long offsetForTimestamp(String stream, int partition, long timestampMillis);

    /**
     * Opens a consumer of {@code group} over the given partitions of {@code stream}.
     *
     * @param reset where to start in a partition for which the group has committed nothing
     */
    LogConsumer consumer(String stream, String group, Set<Integer> partitions, StartPosition reset);

    /** The group's committed next-offsets per partition (absent when it committed nothing there). */
    Map<Integer, Long> committed(String stream, String group);

    /** Names of the groups that committed something on a stream. */
    Set<String> groups(String stream);

    /** Records not yet consumed by the group, per partition: end offset − committed (or − start when none). */
    default Map<Integer, Long> lag(String stream, String group) {
        Map<Integer, Long> committed = committed(stream, group);
        Map<Integer, Long> lag = new java.util.TreeMap<>();
        for (int p = 0; p < partitions(stream); p++) {
            long from = committed.getOrDefault(p, startOffset(stream, p));
            lag.put(p, Math.max(0, endOffset(stream, p) - from));
        }
        return lag;
    }

    /** Deletes segments past retention now (it also runs periodically). */
    void enforceRetention();

    /** Flushes and closes; appends after close fail. Waits at most {@code timeout} for pending fsyncs. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }
}
