package dev.questlog.hot;

import static dev.questlog.testkit.Eventually.await;
import static dev.questlog.testkit.StoredEventBuilder.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.HotConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot indexer over a real local log and a real Lucene index: a record it cannot index is skipped and counted
 * while search goes on; a failing index is retried, and nothing acknowledged goes missing.
 */
class HotIndexerTest {
    private static final String APP = "game";
    private final InstantSource clock = InstantSource.system();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HotConfig config = new HotConfig(Duration.ofDays(7), List.of(), Duration.ofMillis(20),
            Duration.ofMillis(50), 100, 16L << 20);
    @TempDir
    Path dir;
    private EventLog log;
    private HotIndex lucene;

    @BeforeEach
    void open() {
        log = LocalLog.open(new LogConfig("local", 1, "none", Duration.ZERO, 1 << 20, 1 << 20, Duration.ofHours(1),
                Duration.ofDays(7), 0), dir.resolve("log"), clock, registry);
        lucene = HotIndex.open(config, dir.resolve("hot"), clock);
    }

    @AfterEach
    void close() {
        lucene.close();
        log.close();
    }

    private String append(byte[] value) {
        log.ensureStream(HotIndexer.STREAM);
        log.append(HotIndexer.STREAM, List.of(LogRecord.of(new byte[0], value))).join();
        return new String(value, StandardCharsets.UTF_8);
    }

    private String good() {
        var e = event(APP, "player_death", clock.millis());
        append(e.bytes());
        return e.eventId();
    }

    private List<String> searchIds() {
        return lucene.search(SearchRequest.all(APP, 100)).hits().stream()
                .map(h -> h.path("event").path("event_id").asText()).toList();
    }

    private double failed() {
        return registry.get("questlog_stage_failed").tag("stage", "hot").counter().count();
    }

    private void awaitCommittedToTheEnd() {
        await(() -> assertThat(log.committed(HotIndexer.STREAM, HotIndexer.GROUP))
                .containsEntry(0, log.endOffset(HotIndexer.STREAM, 0)));
    }

    @Test
    void recordsItCannotIndexAreSkippedAndCountedAndTheGoodOnesAroundThemAreSearchable() {
        List<String> ids = new ArrayList<>();
        ids.add(good());
        append("garbage{".getBytes(StandardCharsets.UTF_8)); // not a stored event at all
        // A stored event Lucene refuses: an event_type longer than a doc value may be.
        append(event(APP, "x".repeat(40_000), clock.millis()).bytes());
        ids.add(good());
        try (HotIndexer indexer = HotIndexer.start(log, lucene, config, clock, registry)) {
            await(() -> assertThat(searchIds()).containsExactlyInAnyOrderElementsOf(ids));
            awaitCommittedToTheEnd();
            assertThat(failed()).isEqualTo(2);
            assertThat(indexer.healthy()).isTrue();

            ids.add(good()); // and it goes on
            await(() -> assertThat(searchIds()).containsExactlyInAnyOrderElementsOf(ids));
        }
    }

    @Test
    void aFailingIndexIsRetriedAndNothingIsLost() {
        FailingIndex failing = new FailingIndex(lucene);
        List<String> ids = new ArrayList<>();
        ids.add(good());
        try (HotIndexer indexer = HotIndexer.start(log, failing, config, clock, registry)) {
            await(() -> assertThat(searchIds()).containsExactlyElementsOf(ids));
            failing.failIndex.set(2); // the disk is full: the next two writes fail …
            failing.failCommit.set(1); // … and so does the next commit
            for (int i = 0; i < 5; i++) {
                ids.add(good());
            }
            await(() -> assertThat(searchIds()).containsExactlyInAnyOrderElementsOf(ids));
            awaitCommittedToTheEnd();
            assertThat(failing.failIndex.get()).isZero();
            assertThat(failing.failCommit.get()).isZero();
            assertThat(failing.recovered.get()).isPositive();
            assertThat(failed()).isZero(); // nothing was skipped
            await(() -> assertThat(indexer.healthy()).isTrue());
        }
    }

    @Test
    void aDayIndexThatAFailureClosedIsReopenedAndWhatItLostIsIndexedAgain() throws Exception {
        // No commit on the way: the first event lives only in the writer's buffer when the day index breaks.
        HotConfig rarely = new HotConfig(Duration.ofDays(7), List.of(), Duration.ofMillis(20), Duration.ofHours(1),
                100, 16L << 20);
        List<String> ids = new ArrayList<>();
        ids.add(good());
        try (HotIndexer indexer = HotIndexer.start(log, lucene, rarely, clock, registry)) {
            await(() -> assertThat(searchIds()).containsExactlyElementsOf(ids));
            LocalDate today = lucene.days().getLast();
            DayIndex broken = ((LuceneHotIndex) lucene).day(today);
            broken.breakForTests();
            for (int i = 0; i < 3; i++) {
                ids.add(good());
            }
            await(() -> assertThat(((LuceneHotIndex) lucene).day(today)).isNotSameAs(broken));
            await(() -> assertThat(searchIds()).containsExactlyInAnyOrderElementsOf(ids));
            assertThat(failed()).isZero();
            await(() -> assertThat(indexer.healthy()).isTrue());
        }
        assertThat(log.committed(HotIndexer.STREAM, HotIndexer.GROUP)).containsEntry(0, 4L); // committed on close
    }

    /** The real index, with writes and commits that fail on demand the way a full disk makes them fail. */
    private static final class FailingIndex implements HotIndex {
        final AtomicInteger failIndex = new AtomicInteger();
        final AtomicInteger failCommit = new AtomicInteger();
        final AtomicInteger recovered = new AtomicInteger();
        private final HotIndex real;

        FailingIndex(HotIndex real) {
            this.real = real;
        }

        private static void maybeFail(AtomicInteger failures) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        }

        @Override
        public IndexCounts index(List<byte[]> storedEvents) {
            if (!storedEvents.isEmpty()) {
                real.index(storedEvents.subList(0, 1)); // part of the batch got in before the failure
                maybeFail(failIndex);
            }
            return real.index(storedEvents);
        }

        @Override
        public void commit() {
            maybeFail(failCommit);
            real.commit();
        }

        @Override
        public void recover() {
            recovered.incrementAndGet();
            real.recover();
        }

        @Override
        public void refresh() {
            real.refresh();
        }

        @Override
        public List<LocalDate> enforceRetention() {
            return real.enforceRetention();
        }

        @Override
        public List<LocalDate> days() {
            return real.days();
        }

        @Override
        public SearchResult search(SearchRequest request) {
            return real.search(request);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
