package dev.questlog.log.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-stream counters both backends report under the same names ({@code questlog.log.written.records},
 * {@code questlog.log.failed.records}); the producer's own metrics come from Micrometer's Kafka binder. Thread-safe.
 */
final class KafkaLogMetrics {
    private final MeterRegistry registry;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    KafkaLogMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Stream of(String stream) {
        return streams.computeIfAbsent(stream, s -> new Stream(
                Counter.builder("questlog.log.written.records").tag("stream", s)
                        .description("Records acknowledged as durable").register(registry),
                Counter.builder("questlog.log.failed.records").tag("stream", s)
                        .description("Records whose append failed (not acknowledged)").register(registry)));
    }

    record Stream(Counter written, Counter failed) {
    }
}
