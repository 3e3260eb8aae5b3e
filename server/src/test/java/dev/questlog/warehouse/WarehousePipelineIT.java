package dev.questlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.app.ObjectStores;
import dev.questlog.app.WarehouseEngines;
import dev.questlog.config.LakeConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.LakeWriter;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm tier at the end of the real pipeline: local log → lake writer (Parquet + pointers on lake-files) →
 * warehouse loader → DuckDB, with about 10% duplicates — in the same batch, in later files, and 3 hours later. The
 * warm count must equal the number of distinct event_ids exactly, also after a loader restart.
 */
class WarehousePipelineIT {
    private static final String APP = "arena";
    private static final int ROUNDS = 4;
    private static final int PER_ROUND = 2_000;

    @TempDir
    Path data;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final Random random = new Random(7);
    private final List<LogRecord> sent = new ArrayList<>();
    private final Set<String> distinct = new HashSet<>();

    @Test
    void warmCountEqualsDistinctEventIdsWithTenPercentDuplicates() throws Exception {
        WarehouseConfig config = WarehouseConfig.defaults();
        try (EventLog log = LocalLog.open(LogConfig.defaults(), data.resolve("log"), clock);
             ObjectStore store = ObjectStores.open(LakeConfig.defaults(), data);
             Warehouse warehouse = WarehouseEngines.open(config, data, clock)) {
            log.ensureStream("events");
            LakeWriter lake = LakeWriter.start(LakeConfig.defaults(), log, store, data.resolve("lake-staging"), clock,
                    new SimpleMeterRegistry());
            WarehouseLoader loader = start(config, log, store, warehouse);
            for (int round = 0; round < ROUNDS; round++) {
                appendRound(log);
                if (round == 1) {
                    loader.close();
                    loader = start(config, log, store, warehouse);
                }
            }
            awaitWarm(warehouse, () -> warehouse.countEvents() == distinct.size());

            clock.advance(Duration.ofHours(3));
            List<LogRecord> late = new ArrayList<>();
            for (int i = 0; i < distinct.size() / 50; i++) {
                late.add(resend(sent.get(random.nextInt(sent.size()))));
            }
            log.append("events", late).get();
            awaitWarm(warehouse, () -> log.lag(WarehouseLoader.STREAM, WarehouseLoader.GROUP).values().stream()
                    .allMatch(l -> l == 0) && log.lag("events", "lake").values().stream().allMatch(l -> l == 0));

            assertThat(sent.size() + late.size()).isGreaterThan((int) (distinct.size() * 1.09));
            assertThat(warehouse.countEvents()).isEqualTo(distinct.size());
            assertThat(warehouse.query(APP, "SELECT count(*), count(DISTINCT event_id) FROM events").rows())
                    .containsExactly(List.of((long) distinct.size(), (long) distinct.size()));
            assertThat(store.list("manifests/")).isNotEmpty();
            loader.close();
            lake.close();
        }
    }

    private WarehouseLoader start(WarehouseConfig config, EventLog log, ObjectStore store, Warehouse warehouse) {
        return WarehouseLoader.start(config, log, store, warehouse, WarehousePaths.stagingDir(data), clock,
                new SimpleMeterRegistry());
    }

    /** New events with 5% repeated in the same append and 3% of earlier ones resent. */
    private void appendRound(EventLog log) throws Exception {
        List<LogRecord> batch = new ArrayList<>();
        int earlier = sent.size();
        for (int i = 0; i < PER_ROUND; i++) {
            String id = UUID.randomUUID().toString();
            distinct.add(id);
            LogRecord r = StoredEvents.record(APP, id, "player-" + random.nextInt(50), clock.millis(), clock.millis());
            batch.add(r);
            if (random.nextInt(100) < 5) {
                batch.add(resend(r));
            }
        }
        for (int i = 0; earlier > 0 && i < PER_ROUND * 3 / 100; i++) {
            batch.add(resend(sent.get(random.nextInt(earlier))));
        }
        sent.addAll(batch);
        log.append("events", batch).get();
        clock.advance(Duration.ofSeconds(5));
    }

    /** The same event sent again: same key and event, received later. */
    private LogRecord resend(LogRecord original) {
        String json = new String(original.value(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"received_at\":\\d+", "\"received_at\":" + clock.millis());
        return LogRecord.of(original.key(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Moves the clock (so the lake cuts files and the loader's batches come of age) until the condition holds. */
    private void awaitWarm(Warehouse warehouse, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("warm tier caught up in time; warm count " + warehouse.countEvents()
                    + ", distinct " + distinct.size()).isLessThan(deadline);
            clock.advance(Duration.ofSeconds(20));
            Thread.sleep(100);
        }
    }
}
