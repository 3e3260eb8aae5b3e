package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LakeConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.lake.s3.S3ObjectStore;
import dev.questlog.lake.s3.S3ProxyServer;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake writer as the app runs it: its own threads, QuestLog's on-disk log, and S3 (s3proxy) as the store.
 * Events and failed events go in; Parquet files come out under events/ and failed/, with pointers on lake-files;
 * a restart of the writer picks up where the lake says.
 */
class LakeWriterIT {
    @TempDir
    Path temp;

    @Test
    void writesEventsAndFailedEventsToS3AndAnnouncesTheFiles() throws Exception {
        LakeConfig config = LakeConfig.defaults().withBatch(128L << 20, Duration.ofMillis(500));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (S3ProxyServer s3 = S3ProxyServer.start();
             ObjectStore store = S3ObjectStore.open(s3.config("questlog-lake"));
             EventLog log = LocalLog.open(LogConfig.defaults(), temp.resolve("log"), InstantSource.system())) {
            SimulatedEvents sim = new SimulatedEvents(3, "arena", 100, System.currentTimeMillis() - 60_000);
            try (LakeWriter writer = LakeWriter.start(config, log, store, temp.resolve("staging"),
                    InstantSource.system(), registry)) {
                append(log, sim, 5_000);
                log.append("failed-events", List.of(LogRecord.of(new byte[0], failed("arena", "event_type",
                        "{\"event_id\":\"x\"}").getBytes(StandardCharsets.UTF_8)))).get();
                awaitRows(store, 5_000);
            }
            SimpleMeterRegistry registry2 = new SimpleMeterRegistry(); // one writer per registry, as in the app
            try (LakeWriter writer = LakeWriter.start(config, log, store, temp.resolve("staging"),
                    InstantSource.system(), registry2)) {
                append(log, sim, 2_000);
                awaitRows(store, 7_000);
            }

            Path copy = temp.resolve("copy");
            LakeFiles.download(store, "events/", copy);
            LakeFiles.download(store, "failed/", copy);
            assertThat(LakeFiles.query("SELECT count(*), count(DISTINCT (log_partition, log_offset)) FROM "
                    + LakeFiles.parquet(copy, "events")).get(0)).containsExactly(7_000L, 7_000L);
            assertThat(LakeFiles.query("SELECT app, reason, field, idx, raw FROM " + LakeFiles.parquet(copy, "failed")))
                    .containsExactly(List.of("arena", "missing field", "event_type", 3, "{\"event_id\":\"x\"}"));
            assertThat(pointers(log)).containsAll(store.list("events/").stream().map(StoredObject::key).toList());
            assertThat(registry.get("questlog_stage_written").tag("stage", "lake").counter().count()).isEqualTo(5_000);
            assertThat(registry2.get("questlog_stage_written").tag("stage", "lake").counter().count()).isEqualTo(2_000);
        }
    }

    private static String failed(String app, String field, String raw) {
        return "{\"app\":\"" + app + "\",\"key_id\":\"k1\",\"received_at\":" + System.currentTimeMillis()
                + ",\"reason\":\"missing field\",\"field\":\"" + field + "\",\"index\":3,\"event_id\":null,\"raw\":"
                + "\"" + raw.replace("\"", "\\\"") + "\"}";
    }

    private static void append(EventLog log, SimulatedEvents sim, int n) throws Exception {
        log.append("events", sim.next(n).stream().map(SimulatedEvents.Generated::record).toList()).get();
    }

    /** Waits (bounded) until the lake covers {@code rows} records: a fresh log's offsets start at 0 per partition. */
    private static void awaitRows(ObjectStore store, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && countRows(store) < rows) {
            Thread.sleep(100);
        }
        assertThat(countRows(store)).isEqualTo(rows);
    }

    /** Records the lake's progress markers say are in files (sum of next offsets over partitions). */
    private static long countRows(ObjectStore store) throws Exception {
        long rows = 0;
        for (StoredObject o : store.list("_progress/events/")) {
            // A marker being replaced may be briefly absent on s3proxy's in-memory store: count it next time.
            rows += store.read(o.key()).map(b -> ProgressMarker.fromJson(b).nextOffset()).orElse(0L);
        }
        return rows;
    }

    private static List<String> pointers(EventLog log) throws Exception {
        List<String> paths = new ArrayList<>();
        Set<Integer> all = new java.util.TreeSet<>();
        for (int p = 0; p < log.partitions(LakeWriter.POINTER_STREAM); p++) {
            all.add(p);
        }
        try (LogConsumer c = log.consumer(LakeWriter.POINTER_STREAM, "test", all, StartPosition.earliest())) {
            List<ReadRecord> got;
            while (!(got = c.poll(1000, Duration.ofMillis(200))).isEmpty()) {
                got.forEach(r -> paths.add(LakeFile.fromJson(r.value()).path()));
            }
        }
        return paths;
    }
}
