package dev.questlog.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.questlog.testkit.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWindowStoreTest {
    private static final long T0 = 1_773_144_000_000L;

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);

    private static WindowSnapshot window(String app, String size, long start, long events) {
        long len = size.equals("10s") ? 10_000 : 60_000;
        return new WindowSnapshot(app, size, start, start + len, true, events, Map.of("a", events), 2, 1,
                Map.of("dust", 1L), Map.of("USD", 1L), Map.of("USD", 1.5), 0, Map.of("p50", 60.0), 0);
    }

    @Test
    void keepsTheNewestWindowsPerAppAndSizeAcrossReopen() throws Exception {
        List<WindowSnapshot> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(window("game", "10s", T0 + i * 10_000L, i));
            written.add(window("other", "1m", T0 + i * 60_000L, i));
        }
        try (WindowStore store = WindowStore.files(dir, clock)) {
            store.append(written.subList(0, 6));
            store.append(written.subList(6, 10));
        }
        Files.writeString(Files.list(dir).findFirst().orElseThrow(), "{\"torn", java.nio.file.StandardOpenOption.APPEND);

        List<WindowSnapshot> recent = WindowStore.files(dir, clock).recent(3);
        assertThat(recent).hasSize(6);
        assertThat(recent).filteredOn(w -> w.app().equals("game")).extracting(WindowSnapshot::events)
                .containsExactly(2L, 3L, 4L);
        assertThat(recent).contains(written.get(9));
    }

    @Test
    void deletesDaysOlderThanThirtyDaysByTheClock() throws Exception {
        try (WindowStore store = WindowStore.files(dir, clock)) {
            store.append(List.of(window("game", "1m", T0, 1)));
        }
        clock.advance(Duration.ofDays(FileWindowStore.KEEP_DAYS));
        try (WindowStore store = WindowStore.files(dir, clock)) {
            assertThat(store.recent(10)).hasSize(1);
        }
        clock.advance(Duration.ofDays(1));
        try (WindowStore store = WindowStore.files(dir, clock)) {
            assertThat(store.recent(10)).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
