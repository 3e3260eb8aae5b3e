package dev.questlog.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer-group member reading some partitions of one stream (Kafka: a {@code KafkaConsumer} with manual
 * assignment). Each assigned partition starts at the group's committed offset, or at the group's reset position when
 * nothing was committed yet. Lifecycle: open (from {@link EventLog#consumer}) → poll → process and make the output
 * durable → {@link #commit} → … → close. Not thread-safe: one thread per consumer; run several consumers of the
 * same group over disjoint partitions for parallelism.
 */
public interface LogConsumer extends AutoCloseable {

    /** The assigned partitions. */
    Set<Integer> partitions();

    /**
     * Returns the next records of the assigned partitions (at most {@code maxRecords}), waiting up to
     * {@code timeout} when none is available. Records of one partition come in offset order.
     *
     * @throws OffsetOutOfRangeException when a position fell behind retention; {@link #seek} to recover
     */
    List<ReadRecord> poll(int maxRecords, Duration timeout) throws InterruptedException;

    /** Moves the read position of one assigned partition. */
    void seek(int partition, StartPosition position);

    /** The offset the next poll reads from, per assigned partition. */
    Map<Integer, Long> positions();

    /**
     * Durably records, for the group, the next offset to read per partition ({@code lastProcessed + 1}). Call only
     * after the output of everything below these offsets is durable. Returns once the commit is durable.
     */
    void commit(Map<Integer, Long> nextOffsets);

    @Override
    void close();
}
