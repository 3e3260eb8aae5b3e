package dev.questlog.log;

import static dev.questlog.testkit.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LogConfig;
import dev.questlog.log.local.LocalLog;
import dev.questlog.metrics.StageMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared consumer loop over a real local log: commit points, retry, rewind, drain on close. */
class ConsumerLoopTest {
    private static final String STREAM = "s";
    private static final String GROUP = "g";
    private final InstantSource clock = InstantSource.system();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    @TempDir
    Path dir;
    private EventLog log;

    @BeforeEach
    void open() {
        log = LocalLog.open(new LogConfig("local", 2, "none", Duration.ZERO, 1 << 20, 1 << 20, Duration.ofHours(1),
                Duration.ofDays(7), 0), dir, clock, registry);
        log.ensureStream(STREAM);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private List<String> append(int from, int to) {
        List<String> values = new ArrayList<>();
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("v" + i);
            records.add(LogRecord.of(("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        log.append(STREAM, records).join();
        return values;
    }

    private ConsumerLoop start(ConsumerLoop.Stage stage) {
        return ConsumerLoop.start(log, STREAM, GROUP, 3, stage, StageMetrics.of(registry, GROUP), clock);
    }

    private Map<Integer, Long> ends() {
        return Map.of(0, log.endOffset(STREAM, 0), 1, log.endOffset(STREAM, 1));
    }

    /**
     * A stage whose output is a list that becomes durable only on {@link #flush}: what it handled since the last
     * flush is lost on a failure, like an index writer's buffer.
     */
    private static final class BufferingStage implements ConsumerLoop.Stage {
        final List<String> durableOutput = new CopyOnWriteArrayList<>();
        final AtomicInteger failNextHandles = new AtomicInteger();
        final AtomicInteger rewinds = new AtomicInteger();
        /** Every value handled since the last rewind, flushed or not (read by the test thread). */
        final List<String> handledSinceRewind = new CopyOnWriteArrayList<>();
        private final List<String> buffer = new ArrayList<>();
        private final Map<Integer, Long> handled = new HashMap<>();
        private final ConsumerLoop.Recovery recovery;
        private int batches;

        BufferingStage(ConsumerLoop.Recovery recovery) {
            this.recovery = recovery;
        }

        @Override
        public void handle(List<ReadRecord> batch) {
            if (!batch.isEmpty() && failNextHandles.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("store down");
            }
            batch.forEach(r -> {
                buffer.add(new String(r.value(), StandardCharsets.UTF_8));
                handledSinceRewind.add(buffer.getLast());
                handled.merge(r.partition(), r.offset() + 1, Math::max);
            });
            batches++;
        }

        @Override
        public Map<Integer, Long> durable() {
            return batches % 2 == 0 ? flush() : Map.of(); // a commit point every other batch
        }

        private Map<Integer, Long> flush() {
            durableOutput.addAll(buffer);
            buffer.clear();
            return Map.copyOf(handled);
        }

        @Override
        public Map<Integer, Long> drain() {
            return flush();
        }

        @Override
        public ConsumerLoop.Recovery recover() {
            if (recovery == ConsumerLoop.Recovery.REWIND) {
                rewinds.incrementAndGet();
                handledSinceRewind.clear();
                buffer.clear();
                handled.clear();
            }
            return recovery;
        }
    }

    @Test
    void commitsWhatTheStageMadeDurableUpdatesTheLagAndDrainsOnClose() {
        List<String> values = append(0, 20);
        BufferingStage stage = new BufferingStage(ConsumerLoop.Recovery.RETRY);
        try (ConsumerLoop loop = start(stage)) {
            await(() -> assertThat(stage.durableOutput.size()).isGreaterThan(10));
            await(() -> assertThat(registry.get("questlog_stage_lag").tag("stage", GROUP).gauge().value()).isZero());
            assertThat(loop.healthy()).isTrue();
        }
        assertThat(stage.durableOutput).containsExactlyInAnyOrderElementsOf(values);
        assertThat(log.committed(STREAM, GROUP)).isEqualTo(ends());
    }

    @Test
    void aFailingBatchIsRetriedNotSkipped() {
        BufferingStage stage = new BufferingStage(ConsumerLoop.Recovery.RETRY);
        stage.failNextHandles.set(3);
        List<String> values = append(0, 10);
        try (ConsumerLoop loop = start(stage)) {
            await(() -> assertThat(stage.failNextHandles.get()).isZero());
            await(() -> assertThat(loop.healthy()).isTrue());
        }
        assertThat(stage.durableOutput).containsExactlyInAnyOrderElementsOf(values);
        assertThat(log.committed(STREAM, GROUP)).isEqualTo(ends());
    }

    @Test
    void aRewindReadsAgainFromTheCommittedOffsetsSoNothingTheStageLostIsMissing() {
        BufferingStage stage = new BufferingStage(ConsumerLoop.Recovery.REWIND);
        List<String> values = new ArrayList<>(append(0, 10));
        try (ConsumerLoop loop = start(stage)) {
            await(() -> assertThat(log.committed(STREAM, GROUP)).isNotEmpty());
            stage.failNextHandles.set(1); // the buffer since the last commit point is lost
            values.addAll(append(10, 30));
            await(() -> assertThat(stage.rewinds.get()).isEqualTo(1));
            await(() -> assertThat(loop.healthy()).isTrue());
            // Healthy means consuming works again, not that the lost records were read again: wait for those.
            await(() -> {
                List<String> seen = new ArrayList<>(stage.durableOutput);
                seen.addAll(stage.handledSinceRewind);
                assertThat(seen).containsAll(values);
            });
        }
        assertThat(stage.durableOutput).containsAll(values); // at least once: a rewind may repeat some
        assertThat(log.committed(STREAM, GROUP)).isEqualTo(ends());
    }
}
