package dev.questlog.ingest;

import dev.questlog.metrics.StageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The collector's metrics: the shared stage metrics (stage="ingest": received, written, failed = rejected,
 * dropped = duplicates) plus events by outcome, rejections by field, refusals by status, body bytes and the append
 * latency histogram. Thread-safe.
 */
final class IngestMetrics {
    private final MeterRegistry registry;
    final StageMetrics stage;
    final Counter accepted;
    final Counter duplicates;
    final Counter bodyBytes;
    final Timer appendLatency;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stage = StageMetrics.of(registry, "ingest");
        this.accepted = Counter.builder("questlog_ingest_events").tag("outcome", "accepted")
                .description("events acknowledged (duplicates included)").register(registry);
        this.duplicates = Counter.builder("questlog_ingest_duplicates")
                .description("events acknowledged without appending: their event_id was accepted recently")
                .register(registry);
        this.bodyBytes = Counter.builder("questlog_ingest_body_bytes")
                .description("request body bytes after decompression").register(registry);
        this.appendLatency = Timer.builder("questlog_ingest_append").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .description("time from append to durable, per request").register(registry);
    }

    /** Gauges of the requests and body bytes in flight (what back-pressure bounds). */
    void inflight(java.util.function.Supplier<Number> requests, java.util.function.Supplier<Number> bytes) {
        Gauge.builder("questlog_ingest_inflight_requests", requests).description("ingest requests in flight")
                .register(registry);
        Gauge.builder("questlog_ingest_inflight_bytes", bytes).description("decompressed body bytes in flight")
                .register(registry);
    }

    /** A rejected event, by the field at fault ({@code event} when the event as a whole was bad). */
    void rejected(String field) {
        Counter.builder("questlog_ingest_rejected").tag("field", field == null ? "event" : field)
                .description("events rejected, by field").register(registry).increment();
    }

    /** A request refused as a whole. */
    void refused(int status) {
        Counter.builder("questlog_ingest_refused").tag("status", Integer.toString(status))
                .description("requests refused as a whole, by status").register(registry).increment();
    }
}
