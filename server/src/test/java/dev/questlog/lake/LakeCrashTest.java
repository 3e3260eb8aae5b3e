package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.local.LocalObjectStore;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ReadRecord;
import dev.questlog.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash injected at every step of publishing a cut, then a restart: afterwards every record of the stream is in
 * exactly one file (no gap, no overlap), every file has a pointer on lake-files, no pointer names a missing file,
 * and the group's offset matches the lake.
 */
class LakeCrashTest {
    private static final int PARTITIONS = 3;

    @TempDir
    Path temp;

    /** Thrown by the fault hook: the sink stops right there, as if the process died. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash(FaultHook.Point point) {
            super("injected crash at " + point);
        }
    }

    @ParameterizedTest
    @EnumSource(FaultHook.Point.class)
    void aCrashAtAnyStepLeavesNoGapNoOverlapAndNoLostPointer(FaultHook.Point point) throws Exception {
        MemoryLog log = new MemoryLog(PARTITIONS);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-22T00:10:00Z"));
        // Small batches: many cuts, several (app, date) files per cut (two apps, events on both sides of midnight).
        LakeConfig config = LakeConfig.defaults().withBatch(30_000, Duration.ofSeconds(60));
        long start = Instant.parse("2026-11-21T23:59:00Z").toEpochMilli();
        SimulatedEvents a = new SimulatedEvents(1, "arena", 50, start);
        SimulatedEvents b = new SimulatedEvents(2, "brawl", 50, start);
        append(log, a, b, 1_000);

        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"))) {
            AtomicInteger reached = new AtomicInteger();
            FaultHook crashOnThird = p -> {
                if (p == point && reached.incrementAndGet() == 3) {
                    throw new InjectedCrash(p);
                }
            };
            LakeSink<EventRow> first = open(config, log, store, clock, crashOnThird);
            assertThatThrownBy(() -> drain(first, clock)).isInstanceOf(InjectedCrash.class);
            first.close(); // abandoned: open batches and the in-flight cut are lost, as in a crash

            try (LakeSink<EventRow> second = open(config, log, store, clock, FaultHook.NONE)) {
                drain(second, clock);
                append(log, a, b, 300);
                drain(second, clock);
                second.flushAll();
            }
            assertEveryRecordExactlyOnce(log, store);
            assertPointers(log, store);
            Map<Integer, Long> committed = log.committed("events", LakeSink.GROUP);
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(committed.get(p)).isEqualTo(log.endOffset("events", p));
            }
        }
    }

    private static void append(MemoryLog log, SimulatedEvents a, SimulatedEvents b, int each) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        List<SimulatedEvents.Generated> ga = a.next(each);
        List<SimulatedEvents.Generated> gb = b.next(each);
        for (int i = 0; i < each; i++) {
            records.add(ga.get(i).record());
            records.add(gb.get(i).record());
        }
        log.append("events", records).get();
    }

    private LakeSink<EventRow> open(LakeConfig config, MemoryLog log, ObjectStore store, SettableClock clock,
                                    FaultHook faults) throws Exception {
        return LakeSink.open(new EventsTable(), config, log, store, temp.resolve("work"), clock,
                new LakeMetrics(new SimpleMeterRegistry(), "lake"), faults);
    }

    private static void drain(LakeSink<EventRow> sink, SettableClock clock) throws Exception {
        while (sink.pollOnce(Duration.ZERO) > 0) {
            clock.advance(Duration.ofSeconds(7));
        }
    }

    private void assertEveryRecordExactlyOnce(MemoryLog log, ObjectStore store) throws Exception {
        Path copy = temp.resolve("copy");
        LakeFiles.download(store, "events/", copy);
        List<List<Object>> rows = LakeFiles.query("SELECT log_partition, log_offset FROM "
                + LakeFiles.parquet(copy, "events"));
        Set<String> seen = new HashSet<>();
        for (List<Object> r : rows) {
            assertThat(seen.add(r.get(0) + "/" + r.get(1))).as("record %s/%s in two files", r.get(0), r.get(1)).isTrue();
        }
        Set<String> all = new HashSet<>();
        for (ReadRecord r : log.all("events")) {
            all.add(r.partition() + "/" + r.offset());
        }
        assertThat(seen).isEqualTo(all);
        List<List<Object>> ranges = LakeFiles.query("SELECT filename, min(log_partition), min(log_offset),"
                + " max(log_offset) FROM read_parquet('" + copy.resolve("events") + "/**/*.parquet',"
                + " hive_partitioning = false, filename = true) GROUP BY filename");
        assertThat(ranges).hasSize(store.list("events/").size());
        for (List<Object> r : ranges) {
            assertThat((String) r.get(0)).endsWith("/part-" + r.get(1) + "-" + r.get(2) + "-" + r.get(3) + ".parquet");
        }
        assertThat(store.list("_progress/")).allSatisfy(m ->
                assertThat(ProgressMarker.fromJson(store.read(m.key()).orElseThrow()).pending()).isNull());
    }

    private static void assertPointers(MemoryLog log, ObjectStore store) throws Exception {
        Set<String> pointed = new HashSet<>();
        for (ReadRecord r : log.all(LakeWriter.POINTER_STREAM)) {
            LakeFile f = LakeFile.fromJson(r.value());
            assertThat(store.exists(f.path())).as("pointer to %s", f.path()).isTrue();
            assertThat(store.size(f.path())).isEqualTo(f.bytes());
            pointed.add(f.path());
        }
        assertThat(pointed).containsExactlyInAnyOrderElementsOf(
                store.list("events/").stream().map(StoredObject::key).toList());
    }
}
