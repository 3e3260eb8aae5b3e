package dev.questlog.live;

import static dev.questlog.testkit.Eventually.await;
import static dev.questlog.testkit.StoredEventBuilder.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LiveConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import dev.questlog.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live aggregator over a real local log and window files: a record it cannot aggregate is skipped and counted
 * while the good ones around it are counted; a failing window store is retried until the windows are durable, and
 * only then are their offsets committed.
 */
class LiveAggregatorTest {
    private static final String APP = "game";
    private static final long MINUTE = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private final SettableClock clock = new SettableClock(MINUTE + 20_000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    @TempDir
    Path dir;
    private EventLog log;

    @BeforeEach
    void open() {
        log = LocalLog.open(new LogConfig("local", 1, "none", Duration.ZERO, 1 << 20, 1 << 20, Duration.ofHours(1),
                Duration.ofDays(7), 0), dir.resolve("log"), clock, registry);
        log.ensureStream(LiveAggregator.STREAM);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private void append(byte[] value) {
        log.append(LiveAggregator.STREAM, List.of(LogRecord.of(new byte[0], value))).join();
    }

    private long eventsInTheMinute(LiveWindows live) {
        return live.windows(APP, "1m", 10).stream().filter(w -> w.start() == MINUTE)
                .mapToLong(WindowSnapshot::events).sum();
    }

    @Test
    void aCorruptRecordIsSkippedAndCountedAndAFailingStoreIsRetried() {
        append(event(APP, "login", MINUTE + 1_000).bytes());
        append("garbage{".getBytes(StandardCharsets.UTF_8));
        append(event(APP, "login", MINUTE + 2_000).id("not-a-uuid").bytes());
        append(event(APP, "login", MINUTE + 3_000).bytes());
        FailingStore store = new FailingStore(WindowStore.files(dir.resolve("live"), clock));
        store.failures.set(2);
        try (LiveWindows live = LiveAggregator.start(log, LiveConfig.defaults(), store, clock, registry)) {
            await(() -> assertThat(eventsInTheMinute(live)).isEqualTo(2));
            assertThat(registry.get("questlog_stage_failed").tag("stage", "live").counter().count()).isEqualTo(2);
            assertThat(registry.get("questlog_stage_written").tag("stage", "live").counter().count()).isEqualTo(2);

            clock.advance(Duration.ofMinutes(2)); // closes the minute; its first two persists fail
            await(() -> assertThat(store.recent(10)).anyMatch(w -> w.window().equals("1m") && w.start() == MINUTE
                    && w.events() == 2));
            await(() -> assertThat(log.committed(LiveAggregator.STREAM, LiveAggregator.GROUP))
                    .containsEntry(0, 4L));
            assertThat(store.failures.get()).isZero();
            await(() -> assertThat(live.healthy()).isTrue());
        }
    }

    /** Window files whose appends fail on demand, as on a full disk. */
    private static final class FailingStore implements WindowStore {
        final AtomicInteger failures = new AtomicInteger();
        private final WindowStore real;

        FailingStore(WindowStore real) {
            this.real = real;
        }

        @Override
        public void append(List<WindowSnapshot> closed) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            real.append(closed);
        }

        @Override
        public List<WindowSnapshot> recent(int perAppAndWindow) {
            return real.recent(perAppAndWindow);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
