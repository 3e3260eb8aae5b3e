package dev.questlog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metrics every stage reports alike, tagged {@code stage=<name>}: {@code questlog_stage_received_total},
 * {@code questlog_stage_written_total}, {@code questlog_stage_failed_total}, {@code questlog_stage_dropped_total},
 * the gauge {@code questlog_stage_lag} (records not yet processed) and the histogram
 * {@code questlog_stage_batch_seconds}. Thread-safe; create one per stage with {@link #of}.
 */
public final class StageMetrics {
    private final Counter received;
    private final Counter written;
    private final Counter failed;
    private final Counter dropped;
    private final AtomicLong lag = new AtomicLong();
    private final Timer batch;

    private StageMetrics(MeterRegistry registry, String stage) {
        received = counter(registry, "questlog_stage_received", stage, "records a stage took in");
        written = counter(registry, "questlog_stage_written", stage, "records a stage made durable in its output");
        failed = counter(registry, "questlog_stage_failed", stage, "records a stage could not process");
        dropped = counter(registry, "questlog_stage_dropped", stage, "records a stage skipped on purpose (e.g. duplicates)");
        Gauge.builder("questlog_stage_lag", lag, AtomicLong::get).tag("stage", stage)
                .description("records waiting for a stage").register(registry);
        batch = Timer.builder("questlog_stage_batch").tag("stage", stage).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .description("time a stage takes per batch").register(registry);
    }

    /** The metrics of {@code stage} (e.g. {@code ingest}, {@code lake}); call once per stage and registry. */
    public static StageMetrics of(MeterRegistry registry, String stage) {
        return new StageMetrics(registry, stage);
    }

    private static Counter counter(MeterRegistry registry, String name, String stage, String doc) {
        // Micrometer's Prometheus naming adds the _total suffix to counters.
        return Counter.builder(name).tag("stage", stage).description(doc).register(registry);
    }

    public void received(long n) {
        received.increment(n);
    }

    public void written(long n) {
        written.increment(n);
    }

    public void failed(long n) {
        failed.increment(n);
    }

    public void dropped(long n) {
        dropped.increment(n);
    }

    /** Sets the current lag (records not yet processed). */
    public void lag(long records) {
        lag.set(records);
    }

    /** Records how long one batch took. */
    public void batch(Duration took) {
        batch.record(took);
    }

    /** The batch timer, for {@code Timer.Sample.stop} or {@code record(Runnable)}. */
    public Timer batchTimer() {
        return batch;
    }
}
