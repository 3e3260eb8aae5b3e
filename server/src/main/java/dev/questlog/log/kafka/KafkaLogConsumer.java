package dev.questlog.log.kafka;

import dev.questlog.config.LogConfig;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;

/**
 * A group member over some partitions of one topic: a {@code KafkaConsumer} with manual assignment, explicit
 * positions and {@code commitSync}. Positions start at the group's committed offsets, else at the reset position,
 * both resolved when the consumer opens (like the local log; Kafka's own {@code auto.offset.reset} is off, so a
 * position outside the log raises {@link OffsetOutOfRangeException} instead of jumping). Records Kafka fetched
 * beyond {@code maxRecords} wait in a buffer for the next poll; {@link #positions()} counts only what poll returned.
 * Not thread-safe: one thread per consumer, like {@code KafkaConsumer} itself.
 */
final class KafkaLogConsumer implements LogConsumer {
    private static final byte[] EMPTY = new byte[0];

    private final String stream;
    private final String group;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, TopicPartition> assigned = new TreeMap<>();
    private final Map<Integer, Long> positions = new TreeMap<>();
    private final ArrayDeque<ReadRecord> fetched = new ArrayDeque<>();
    private boolean closed;

    private KafkaLogConsumer(String stream, String group, KafkaConsumer<byte[], byte[]> consumer,
                             List<TopicPartition> partitions) {
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        partitions.forEach(tp -> assigned.put(tp.partition(), tp));
    }

    static KafkaLogConsumer open(LogConfig config, String stream, String group, List<TopicPartition> partitions,
                                 StartPosition reset) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientProps.consumer(config, group));
        try {
            KafkaLogConsumer c = new KafkaLogConsumer(stream, group, consumer, partitions);
            c.start(reset);
            return c;
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    private void start(StartPosition reset) {
        if (assigned.isEmpty()) {
            return;
        }
        consumer.assign(assigned.values());
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(assigned.values()));
        List<Integer> unset = new ArrayList<>();
        assigned.forEach((p, tp) -> {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                moveTo(p, c.offset());
            } else {
                unset.add(p);
            }
        });
        if (!unset.isEmpty()) {
            resolve(unset, reset).forEach(this::moveTo);
        }
    }

    /** Offsets of a start position for some assigned partitions, in as few cluster calls as possible. */
    private Map<Integer, Long> resolve(List<Integer> partitions, StartPosition position) {
        List<TopicPartition> tps = partitions.stream().map(assigned::get).toList();
        Map<Integer, Long> out = new TreeMap<>();
        switch (position) {
            case StartPosition.Earliest e -> consumer.beginningOffsets(tps).forEach((tp, o) -> out.put(tp.partition(), o));
            case StartPosition.Latest l -> consumer.endOffsets(tps).forEach((tp, o) -> out.put(tp.partition(), o));
            case StartPosition.AtTimestamp t -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                tps.forEach(tp -> query.put(tp, t.timestampMillis()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
                // Kafka answers null where no record is that new: the local log's "the end offset"
                tps.forEach(tp -> out.put(tp.partition(), found.get(tp) != null ? found.get(tp).offset() : ends.get(tp)));
            }
            case StartPosition.AtOffset o -> {
                Map<TopicPartition, Long> starts = consumer.beginningOffsets(tps);
                Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
                for (TopicPartition tp : tps) {
                    if (o.offset() < starts.get(tp) || o.offset() > ends.get(tp)) {
                        throw new OffsetOutOfRangeException(stream, tp.partition(), o.offset(), starts.get(tp),
                                ends.get(tp));
                    }
                    out.put(tp.partition(), o.offset());
                }
            }
        }
        return out;
    }

    private void moveTo(int partition, long offset) {
        consumer.seek(assigned.get(partition), offset);
        positions.put(partition, offset);
        fetched.removeIf(r -> r.partition() == partition);
    }

    @Override
    public Set<Integer> partitions() {
        return new TreeSet<>(assigned.keySet());
    }

    @Override
    public List<ReadRecord> poll(int maxRecords, Duration timeout) throws InterruptedException {
        checkOpen();
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
        }
        if (assigned.isEmpty()) {
            return List.of();
        }
        if (fetched.isEmpty()) {
            fetch(timeout);
        }
        List<ReadRecord> out = new ArrayList<>(Math.min(maxRecords, fetched.size()));
        while (out.size() < maxRecords && !fetched.isEmpty()) {
            ReadRecord r = fetched.poll();
            positions.put(r.partition(), r.offset() + 1);
            out.add(r);
        }
        return out;
    }

    private void fetch(Duration timeout) throws InterruptedException {
        try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                fetched.add(new ReadRecord(r.partition(), r.offset(), r.timestamp(), r.key() == null ? EMPTY : r.key(),
                        r.value() == null ? EMPTY : r.value(), headers(r)));
            }
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
            Map.Entry<TopicPartition, Long> first = e.offsetOutOfRangePartitions().entrySet().iterator().next();
            TopicPartition tp = first.getKey();
            throw new OffsetOutOfRangeException(stream, tp.partition(), first.getValue(),
                    consumer.beginningOffsets(List.of(tp)).get(tp), consumer.endOffsets(List.of(tp)).get(tp));
        } catch (InterruptException e) {
            Thread.interrupted(); // Kafka re-set the flag; InterruptedException is the signal instead
            InterruptedException ie = new InterruptedException("poll of group " + group + " on " + stream
                    + " interrupted");
            ie.initCause(e);
            throw ie;
        }
    }

    /** Kafka allows repeated header keys; the log's headers are a map, so the last value of a key wins. */
    private static Map<String, byte[]> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, byte[]> out = new HashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), h.value() == null ? EMPTY : h.value());
        }
        return out;
    }

    @Override
    public void seek(int partition, StartPosition position) {
        checkOpen();
        checkAssigned(partition);
        moveTo(partition, resolve(List.of(partition), position).get(partition));
    }

    @Override
    public Map<Integer, Long> positions() {
        return Collections.unmodifiableMap(new TreeMap<>(positions));
    }

    /** {@code commitSync} of the group's offsets: returns once the group coordinator has stored them. */
    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        checkOpen();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, o) -> {
            checkAssigned(p);
            if (o == null || o < 0) {
                throw new IllegalArgumentException("committed offset of partition " + p + " must be >= 0, was " + o);
            }
            offsets.put(assigned.get(p), new OffsetAndMetadata(o));
        });
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private void checkAssigned(int partition) {
        if (!assigned.containsKey(partition)) {
            throw new IllegalArgumentException("partition " + partition + " is not assigned to this consumer "
                    + assigned.keySet());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("consumer of group " + group + " is closed");
        }
    }

    /**
     * Closes the Kafka consumer (nothing to commit or leave: it never joins the group). Stages often close from a
     * thread being interrupted to stop; Kafka would throw instead of closing, so the flag is set aside meanwhile.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted();
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
