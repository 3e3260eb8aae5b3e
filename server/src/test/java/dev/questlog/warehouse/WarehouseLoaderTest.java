package dev.questlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.app.ObjectStores;
import dev.questlog.app.WarehouseEngines;
import dev.questlog.config.LakeConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.LakeFile;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader on a real local log and lake: batching by count, bad pointers and vanished files skipped, closed days
 * compacted between loads.
 */
class WarehouseLoaderTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void loadsBatchesCommitsAndSkipsWhatCannotBeLoaded() throws Exception {
        TestClock clock = new TestClock(T0);
        WarehouseConfig config = WarehouseConfig.defaults().withLoad(Duration.ofHours(1), 2);
        try (EventLog log = LocalLog.open(LogConfig.defaults(), data.resolve("log"), clock);
             ObjectStore store = ObjectStores.open(LakeConfig.defaults(), data);
             Warehouse warehouse = WarehouseEngines.open(config, data, clock)) {
            LakeFixture lake = new LakeFixture(data.resolve("fixture"));
            StagedFile f1 = lake.file(List.of(LakeRow.of("arena", "e-1", T0), LakeRow.of("arena", "e-2", T0)));
            // f2 is yesterday's (a closed day, which the loader compacts between loads); e-2 is a resend.
            Instant yesterday = T0.minus(Duration.ofDays(1));
            StagedFile f2 = lake.file(List.of(LakeRow.of("arena", "e-2", yesterday), LakeRow.of("arena", "e-3", yesterday)));
            store.publish(f1.lakePath(), f1.localFile());
            store.publish(f2.lakePath(), f2.localFile());
            log.ensureStream(WarehouseLoader.STREAM);
            log.append(WarehouseLoader.STREAM, List.of(pointer(f1.lakePath()),
                    LogRecord.of(new byte[0], "not a pointer".getBytes(StandardCharsets.UTF_8)),
                    pointer("events/app=arena/date=2026-11-22/part-9-0-0.parquet"), pointer(f2.lakePath()))).get();

            try (WarehouseLoader loader = WarehouseLoader.start(config, log, store, warehouse,
                    WarehousePaths.stagingDir(data), clock, new SimpleMeterRegistry())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Thread.sleep(500);
                clock.advance(Duration.ofHours(2)); // the last pointer's batch comes of age
                while (log.lag(WarehouseLoader.STREAM, WarehouseLoader.GROUP).values().stream().anyMatch(l -> l > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(loader.healthy()).isTrue();
            }
            assertThat(warehouse.countEvents()).isEqualTo(3);
            assertThat(warehouse.compactNextDay()).as("yesterday was compacted by the loader").isEmpty();
            assertThat(warehouse.loadedFiles(List.of(f1.lakePath(), f2.lakePath()))).hasSize(2);
            assertThat(store.list("manifests/")).isNotEmpty();
            assertThat(log.lag(WarehouseLoader.STREAM, WarehouseLoader.GROUP).values()).allMatch(l -> l == 0);
        }
    }

    private static LogRecord pointer(String path) {
        LakeFile f = new LakeFile(path, "arena", LocalDate.parse("2026-11-22"), 2, T0.toEpochMilli(),
                T0.toEpochMilli(), 0, 0, 1, 100);
        return LogRecord.of(new byte[0], f.toJson());
    }
}
