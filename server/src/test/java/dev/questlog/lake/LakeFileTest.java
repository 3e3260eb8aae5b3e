package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lake-files pointer JSON of the shared contract, and the progress marker that carries the same pointers. */
class LakeFileTest {
    private final LakeFile file = new LakeFile(
            LakeFile.path("events", "arena", LocalDate.parse("2026-11-22"), 3, 100, 250), "arena",
            LocalDate.parse("2026-11-22"), 120, 1_795_305_000_000L, 1_795_305_060_000L, 3, 100, 250, 4096);

    @Test
    void pointerJsonHasTheContractsKeys() throws Exception {
        var json = new ObjectMapper().readTree(file.toJson());

        assertThat(json.get("path").asText()).isEqualTo("events/app=arena/date=2026-11-22/part-3-100-250.parquet");
        assertThat(json.get("date").asText()).isEqualTo("2026-11-22");
        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("path", "app", "date",
                "rows", "min_event_time", "max_event_time", "partition", "first_offset", "last_offset", "bytes");
        assertThat(LakeFile.fromJson(file.toJson())).isEqualTo(file);
    }

    @Test
    void rejectsInconsistentPointers() {
        assertThatThrownBy(() -> LakeFile.fromJson("{\"path\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app");
        assertThatThrownBy(() -> new LakeFile("events/x.parquet", "a", LocalDate.EPOCH, 1, 0, 0, 0, 9, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9..5");
    }

    @Test
    void progressMarkerRoundTripsWithAPendingCut() {
        ProgressMarker m = new ProgressMarker(3, 100, List.of(), null).begin(new ProgressMarker.Cut(251, List.of(file)));

        ProgressMarker back = ProgressMarker.fromJson(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(back.complete()).isEqualTo(new ProgressMarker(3, 251, List.of(file), null));
        assertThat(back.rollBack()).isEqualTo(new ProgressMarker(3, 100, List.of(), null));
    }
}
