package dev.questlog.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.LakeFixture;
import dev.questlog.warehouse.LakeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code questlog sql --lake} over a lake holding files written before and after the compact id/time encoding. */
class LakeQueriesTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path lake;

    @Test
    void lakeEventsShowsTrueIdsAndTimesWhicheverWayAFileStoresThem() throws Exception {
        String v7 = new UUID((T0.toEpochMilli() << 16) | 0x7abcL, 0x8123456789abcdefL).toString();
        String random = UUID.randomUUID().toString();
        Path day = Files.createDirectories(lake.resolve("events/app=arena/date=2026-11-20"));
        LakeFixture.write(List.of(LakeRow.of("arena", random, T0.plusSeconds(1))), day.resolve("part-0-0-0.parquet"));
        LakeFixture.writeCompact(List.of(LakeRow.of("arena", v7, T0).at(0, 1),
                LakeRow.of("arena", random, T0.plusSeconds(2)).at(0, 2)), day.resolve("part-0-1-2.parquet"));

        List<List<Object>> rows = LakeQueries.query(lake, null, "SELECT log_offset, event_id, event_time, raw"
                + " FROM lake_events ORDER BY log_offset", WarehouseConfig.defaults()).rows();

        assertThat(rows).containsExactly(List.of(0L, random, "2026-11-20T10:00:01Z", "{}"),
                List.of(1L, v7, "2026-11-20T10:00:00Z", "{}"), List.of(2L, random, "2026-11-20T10:00:02Z", "{}"));
        assertThat(LakeQueries.query(lake, "arena", "SELECT count(*) FROM events WHERE event_id = '" + v7 + "'",
                WarehouseConfig.defaults()).rows()).containsExactly(List.of(1L));
    }
}
