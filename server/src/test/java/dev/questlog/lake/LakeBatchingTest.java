package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.local.LocalObjectStore;
import dev.questlog.log.ReadRecord;
import dev.questlog.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a batch becomes a file: at its age limit (by the injected clock) or its size limit, and on shutdown. */
class LakeBatchingTest {
    @TempDir
    Path temp;

    private final MemoryLog log = new MemoryLog(1);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final SimulatedEvents sim = new SimulatedEvents(7, "arena", 20,
            Instant.parse("2026-11-22T11:00:00Z").toEpochMilli());

    @Test
    void aBatchBecomesAFileWhenItsOldestEventReachesMaxAge() throws Exception {
        LakeConfig config = LakeConfig.defaults().withBatch(128L << 20, Duration.ofSeconds(60));
        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"));
             LakeSink<EventRow> sink = open(config, store)) {
            append(100);
            sink.pollOnce(Duration.ZERO);
            clock.advance(Duration.ofSeconds(59));
            append(100);
            sink.pollOnce(Duration.ZERO);
            assertThat(store.list("events/")).isEmpty();
            assertThat(log.committed("events", LakeSink.GROUP)).containsEntry(0, 0L);

            clock.advance(Duration.ofSeconds(1));
            sink.pollOnce(Duration.ZERO);

            assertThat(store.list("events/")).extracting(StoredObject::key)
                    .containsExactly("events/app=arena/date=2026-11-22/part-0-0-199.parquet");
            assertThat(log.committed("events", LakeSink.GROUP)).containsEntry(0, 200L);
        }
    }

    @Test
    void aBatchBecomesAFileWhenItHoldsMaxBytesOfInput() throws Exception {
        LakeConfig config = LakeConfig.defaults().withBatch(10_000, Duration.ofHours(1));
        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"));
             LakeSink<EventRow> sink = open(config, store)) {
            append(100);
            sink.pollOnce(Duration.ZERO);
            List<StoredObject> beforeShutdown = store.list("events/");
            sink.flushAll();

            Map<Long, Integer> size = new HashMap<>();
            for (ReadRecord r : log.all("events")) {
                size.put(r.offset(), r.value().length);
            }
            assertThat(beforeShutdown).isNotEmpty();
            for (StoredObject o : beforeShutdown) {
                long[] range = range(o.key());
                long input = 0;
                for (long off = range[0]; off <= range[1]; off++) {
                    input += size.get(off);
                }
                assertThat(input).as(o.key()).isGreaterThanOrEqualTo(10_000).isLessThan(10_000 + size.get(range[1]));
            }
            long covered = 0; // the rest went out on shutdown: all 100 records are in files
            for (StoredObject o : store.list("events/")) {
                covered += range(o.key())[1] - range(o.key())[0] + 1;
            }
            assertThat(covered).isEqualTo(100);
            assertThat(log.committed("events", LakeSink.GROUP)).containsEntry(0, 100L);
        }
    }

    private static long[] range(String key) {
        String[] parts = key.substring(key.lastIndexOf("/part-") + 6, key.length() - ".parquet".length()).split("-");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    private void append(int n) throws Exception {
        log.append("events", sim.next(n).stream().map(SimulatedEvents.Generated::record).toList()).get();
    }

    private LakeSink<EventRow> open(LakeConfig config, ObjectStore store) throws Exception {
        return LakeSink.open(new EventsTable(), config, log, store, temp.resolve("work"), clock,
                new LakeMetrics(new SimpleMeterRegistry(), "lake"), FaultHook.NONE);
    }
}
