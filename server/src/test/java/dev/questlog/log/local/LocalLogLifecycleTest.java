package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.LogConfig;
import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local-log behaviour beyond the contract: locking, close with appends in flight, segment roll and size retention. */
class LocalLogLifecycleTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @TempDir
    Path dir;

    private static LogConfig config(long segmentBytes, Duration segmentAge, long retentionBytes) {
        return new LogConfig("local", 1, "group", Duration.ofMillis(1), 1 << 20, segmentBytes, segmentAge,
                Duration.ofDays(7), retentionBytes);
    }

    private static LogRecord record(int i) {
        return LogRecord.of("k".getBytes(StandardCharsets.UTF_8), ("value-" + i + "-" + "p".repeat(200))
                .getBytes(StandardCharsets.UTF_8));
    }

    private long segments() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("events").resolve("0"))) {
            return files.filter(f -> f.toString().endsWith(".log")).count();
        }
    }

    @Test
    void writesAreMetered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EventLog log = LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock, registry)) {
            log.ensureStream("events");
            for (int i = 0; i < 10; i++) {
                log.append("events", List.of(record(i), record(i))).join();
            }
        }
        assertThat(registry.get("questlog.log.written.records").tag("stream", "events").counter().count())
                .isEqualTo(20);
        assertThat(registry.get("questlog.log.fsync").tag("stream", "events").timer().count()).isBetween(1L, 10L);
        assertThat(registry.get("questlog.log.written.bytes").counter().count()).isGreaterThan(20 * 200);
    }

    @Test
    void theOpenSaysNewForAFreshDirectoryAndUncleanOnlyAfterACrash() throws Exception {
        try (LocalEventLog log = (LocalEventLog) LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock)) {
            assertThat(log.previousRun()).isEqualTo(LocalEventLog.PreviousRun.NEW);
            log.ensureStream("events");
            log.append("events", List.of(record(0))).join();
        }
        try (LocalEventLog log = (LocalEventLog) LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock)) {
            assertThat(log.previousRun()).isEqualTo(LocalEventLog.PreviousRun.CLEAN);
        }
        // A crash is a close that never wrote the clean-shutdown marker.
        Files.delete(dir.resolve(LocalEventLog.CLEAN_MARKER));
        try (LocalEventLog log = (LocalEventLog) LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock)) {
            assertThat(log.previousRun()).isEqualTo(LocalEventLog.PreviousRun.UNCLEAN);
            assertThat(log.previousRun().description).isEqualTo("unclean shutdown");
        }
    }

    @Test
    void aDirectoryIsOpenedByOneLogAtATime() {
        try (EventLog log = LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock)) {
            assertThatThrownBy(() -> LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
        }
        LocalLog.open(config(1 << 20, Duration.ofHours(1), 0), dir, clock).close();
    }

    @Test
    void closeFinishesAppendsInFlightAndLaterAppendsFail() throws Exception {
        EventLog log = LocalLog.open(config(64 << 10, Duration.ofHours(1), 0), dir, clock);
        log.ensureStream("events");
        List<CompletableFuture<List<Appended>>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(log.append("events", List.of(record(i))));
        }
        log.close();
        long acked = futures.stream().filter(f -> !f.isCompletedExceptionally()).map(CompletableFuture::join)
                .count();
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(acked).isEqualTo(500);
        assertThatThrownBy(() -> log.append("events", List.of(record(0))).join())
                .isInstanceOf(CompletionException.class).hasRootCauseInstanceOf(IllegalStateException.class);
        try (EventLog again = LocalLog.open(config(64 << 10, Duration.ofHours(1), 0), dir, clock)) {
            assertThat(again.endOffset("events", 0)).isEqualTo(500);
        }
    }

    @Test
    void segmentsRollBySizeAndByAge() throws Exception {
        try (EventLog log = LocalLog.open(config(16 << 10, Duration.ofMinutes(10), 0), dir, clock)) {
            log.ensureStream("events");
            for (int i = 0; i < 200; i++) {
                log.append("events", List.of(record(i))).join();
            }
            long bySize = segments();
            assertThat(bySize).isGreaterThan(2);
            clock.advance(Duration.ofMinutes(11));
            log.enforceRetention();
            assertThat(segments()).isEqualTo(bySize + 1);
            assertThat(log.append("events", List.of(record(1))).join().get(0).offset()).isEqualTo(200);
        }
    }

    @Test
    void sizeRetentionKeepsTheNewestSegmentsUnderTheCap() throws Exception {
        try (EventLog log = LocalLog.open(config(16 << 10, Duration.ofHours(1), 48 << 10), dir, clock)) {
            log.ensureStream("events");
            for (int i = 0; i < 1000; i++) {
                log.append("events", List.of(record(i))).join();
            }
            log.enforceRetention();
            long bytes;
            try (Stream<Path> files = Files.list(dir.resolve("events").resolve("0"))) {
                bytes = files.filter(f -> f.toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum();
            }
            assertThat(bytes).isLessThanOrEqualTo((48 << 10) + (16 << 10));
            assertThat(log.startOffset("events", 0)).isGreaterThan(0);
            assertThat(log.endOffset("events", 0)).isEqualTo(1000);
        }
    }
}
