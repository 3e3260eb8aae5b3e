package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.local.LocalObjectStore;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ReadRecord;
import dev.questlog.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record on stream events that is not a stored event is neither dropped nor announced to the warehouse. */
class UndecodableRecordsTest {
    @TempDir
    Path temp;

    @Test
    void landsUnderItsOwnAppCountsAsFailedAndGetsNoPointer() throws Exception {
        MemoryLog log = new MemoryLog(1);
        SimulatedEvents sim = new SimulatedEvents(5, "arena", 5, Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());
        log.append("events", List.of(LogRecord.of(new byte[0], "garbage{".getBytes(StandardCharsets.UTF_8)),
                sim.next(1).get(0).record())).get();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"));
             LakeSink<EventRow> sink = LakeSink.open(new EventsTable(), LakeConfig.defaults(), log, store,
                     temp.resolve("work"), new SettableClock(Instant.parse("2026-11-22T12:00:00Z")),
                     new LakeMetrics(registry, "lake"), FaultHook.NONE)) {
            sink.pollOnce(Duration.ZERO);
            sink.flushAll();

            List<String> keys = store.list("events/").stream().map(StoredObject::key).toList();
            assertThat(keys).hasSize(2).anyMatch(k -> k.startsWith("events/app=_undecodable/"))
                    .anyMatch(k -> k.startsWith("events/app=arena/date=2026-11-22/part-0-1-1"));
            List<ReadRecord> pointers = log.all(LakeWriter.POINTER_STREAM);
            assertThat(pointers).singleElement()
                    .satisfies(r -> assertThat(LakeFile.fromJson(r.value()).app()).isEqualTo("arena"));
            assertThat(registry.get("questlog_stage_failed").tag("stage", "lake").counter().count()).isEqualTo(1);
            assertThat(log.committed("events", LakeSink.GROUP)).containsEntry(0, 2L);
        }
    }
}
