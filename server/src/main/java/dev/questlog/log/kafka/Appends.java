package dev.questlog.log.kafka;

import dev.questlog.log.Appended;
import dev.questlog.log.LogRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One {@code append} call: sends its records and completes its future once the producer's callbacks acknowledged all
 * of them (positions in input order), or exceptionally at the first failure. Callbacks run on the producer's I/O
 * thread; the counters make that safe.
 */
final class Appends {
    private final String topic;
    private final Appended[] acks;
    private final AtomicInteger missing;
    private final KafkaLogMetrics.Stream metrics;
    private final CompletableFuture<List<Appended>> future = new CompletableFuture<>();

    Appends(String topic, int records, KafkaLogMetrics.Stream metrics) {
        this.topic = topic;
        this.acks = new Appended[records];
        this.missing = new AtomicInteger(records);
        this.metrics = metrics;
    }

    /**
     * Hands every record to the producer (which may block while its buffer is full), stamped with {@code nowMillis}
     * as the Kafka CreateTime. An empty key is sent as Kafka's null key.
     */
    void send(Producer<byte[], byte[]> producer, List<LogRecord> records, int[] partitions, long nowMillis) {
        for (int i = 0; i < acks.length; i++) {
            LogRecord r = records.get(i);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partitions[i], nowMillis,
                    r.key().length == 0 ? null : r.key(), r.value(), headers(r.headers()));
            int index = i;
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        fail(error);
                    } else {
                        acked(index, new Appended(metadata.partition(), metadata.offset(), metadata.timestamp()));
                    }
                });
            } catch (RuntimeException e) {
                fail(e); // the records already handed over may still be written: at-least-once
                return;
            }
        }
    }

    private static RecordHeaders headers(Map<String, byte[]> headers) {
        RecordHeaders out = new RecordHeaders();
        headers.forEach(out::add);
        return out;
    }

    private void acked(int index, Appended appended) {
        acks[index] = appended;
        if (missing.decrementAndGet() == 0 && future.complete(List.of(acks))) {
            metrics.written().increment(acks.length);
        }
    }

    private void fail(Throwable error) {
        if (future.completeExceptionally(error)) {
            metrics.failed().increment(acks.length);
        }
    }

    CompletableFuture<List<Appended>> future() {
        return future;
    }
}
