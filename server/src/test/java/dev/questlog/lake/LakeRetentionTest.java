package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.local.LocalObjectStore;
import dev.questlog.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes whole date partitions past each app's retention, by the injected clock, and nothing else. */
class LakeRetentionTest {
    @TempDir
    Path temp;

    @Test
    void deletesDatePartitionsOlderThanEachAppsRetention() throws Exception {
        LakeConfig defaults = LakeConfig.defaults();
        LakeConfig config = new LakeConfig(defaults.store(), defaults.s3(), defaults.batchMaxBytes(),
                defaults.batchMaxAge(), defaults.bufferMaxBytes(), defaults.zstdLevel(), 30,
                Map.of("keeper", 0, "short", 2));
        SettableClock clock = new SettableClock(Instant.parse("2026-11-22T08:00:00Z"));
        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"))) {
            for (String key : new String[] {
                    "events/app=arena/date=2026-10-22/part-0-0-9.parquet", // 31 days old: past 30
                    "events/app=arena/date=2026-10-23/part-0-10-19.parquet", // exactly 30 days: kept
                    "failed/app=arena/date=2026-10-01/part-0-0-0.parquet", // failed files age the same way
                    "events/app=keeper/date=2020-01-01/part-0-0-9.parquet", // 0 = forever
                    "events/app=short/date=2026-11-19/part-1-0-9.parquet", // 3 days, retention 2
                    "events/app=short/date=2026-11-20/part-1-10-19.parquet",
                    "_progress/events/partition-0.json"}) {
                store.publish(key, new byte[] {1});
            }

            int deleted = new LakeRetention(config, store, clock).sweep();

            assertThat(deleted).isEqualTo(3);
            assertThat(store.list("")).extracting(StoredObject::key).containsExactly(
                    "_progress/events/partition-0.json",
                    "events/app=arena/date=2026-10-23/part-0-10-19.parquet",
                    "events/app=keeper/date=2020-01-01/part-0-0-9.parquet",
                    "events/app=short/date=2026-11-20/part-1-10-19.parquet");
        }
    }

    @Test
    void keepsEverythingByDefault() throws Exception {
        try (ObjectStore store = LocalObjectStore.open(temp.resolve("lake"))) {
            store.publish("events/app=arena/date=2001-01-01/part-0-0-9.parquet", new byte[] {1});
            SettableClock clock = new SettableClock(Instant.parse("2026-11-22T08:00:00Z"));

            assertThat(new LakeRetention(LakeConfig.defaults(), store, clock).sweep()).isZero();
            assertThat(store.list("events/")).hasSize(1);
        }
    }
}
