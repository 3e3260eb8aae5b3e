package dev.questlog.log.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one stream (tag {@code stream}): what was written, what failed, and how the group commit behaves.
 * Thread-safe (Micrometer meters are).
 */
final class LogMetrics {
    final Counter records;
    final Counter bytes;
    final Counter failed;
    final Timer fsync;
    final DistributionSummary appendsPerRound;

    LogMetrics(MeterRegistry registry, String stream) {
        records = Counter.builder("questlog.log.written.records").tag("stream", stream)
                .description("Records acknowledged as durable").register(registry);
        bytes = Counter.builder("questlog.log.written.bytes").tag("stream", stream).baseUnit("bytes")
                .description("Batch bytes written to segments").register(registry);
        failed = Counter.builder("questlog.log.failed.records").tag("stream", stream)
                .description("Records whose append failed (not acknowledged)").register(registry);
        fsync = Timer.builder("questlog.log.fsync").tag("stream", stream)
                .description("Time one partition's group-commit round waited for the journal to make it durable").register(registry);
        appendsPerRound = DistributionSummary.builder("questlog.log.group_commit.appends").tag("stream", stream)
                .description("Appends sharing one group commit").register(registry);
    }
}
