package dev.questlog.lake;

import dev.questlog.metrics.StageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lake sink's metrics: the stage metrics every stage reports ({@code stage=lake} for events,
 * {@code stage=lake-failed} for failed events) plus files and bytes published and the age of the oldest open batch.
 * Thread-safe.
 */
final class LakeMetrics {
    private final StageMetrics stage;
    private final Counter files;
    private final Counter bytes;
    private final AtomicLong batchAgeMillis = new AtomicLong();

    LakeMetrics(MeterRegistry registry, String stageName) {
        stage = StageMetrics.of(registry, stageName);
        files = Counter.builder("questlog_lake_files").tag("stage", stageName)
                .description("Parquet files published to the lake").register(registry);
        bytes = Counter.builder("questlog_lake_bytes").tag("stage", stageName)
                .description("bytes of Parquet published to the lake").register(registry);
        Gauge.builder("questlog_lake_batch_age_seconds", batchAgeMillis, a -> a.get() / 1000.0)
                .tag("stage", stageName).description("age of the oldest open batch").register(registry);
    }

    void received(long n) {
        stage.received(n);
    }

    void failed(long n) {
        stage.failed(n);
    }

    void dropped(long n) {
        stage.dropped(n);
    }

    void published(long rows, long fileCount, long fileBytes, Duration took) {
        stage.written(rows);
        files.increment(fileCount);
        bytes.increment(fileBytes);
        stage.batch(took);
    }

    void lag(long records) {
        stage.lag(records);
    }

    void batchAge(long millis) {
        batchAgeMillis.set(millis);
    }
}
