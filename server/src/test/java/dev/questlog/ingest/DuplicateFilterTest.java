package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.SettableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final UUID ID = UUID.fromString("4e96de3b-2bb5-4aca-b631-f3827317d90a");
    private static final long MINUTE = 60_000;

    private static RequestIds ids(UUID... uuids) {
        RequestIds ids = new RequestIds(uuids.length);
        for (int i = 0; i < uuids.length; i++) {
            ids.add(uuids[i].getMostSignificantBits(), uuids[i].getLeastSignificantBits(), i);
        }
        return ids;
    }

    private static boolean seen(DuplicateFilter f, String app, UUID id) {
        return f.seen(app, ids(id))[0];
    }

    @Test
    void remembersPerAppForAtLeastTheWindowAndForgetsAfterTwice() {
        SettableClock clock = new SettableClock(1_000_000);
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1000, clock);
        assertThat(seen(f, "a", ID)).isFalse();
        f.remember("a", ids(ID));
        assertThat(seen(f, "a", ID)).isTrue();
        assertThat(seen(f, "b", ID)).as("another app").isFalse();
        clock.advance(Duration.ofMillis(9 * MINUTE));
        assertThat(seen(f, "a", ID)).isTrue();
        clock.advance(Duration.ofMillis(2 * MINUTE));
        assertThat(seen(f, "a", ID)).as("11 min: still within twice the window").isTrue();
        clock.advance(Duration.ofMillis(10 * MINUTE));
        assertThat(seen(f, "a", ID)).as("21 min").isFalse();
    }

    @Test
    void memoryIsBoundedByMaxEntries() {
        SettableClock clock = new SettableClock(0);
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 100, clock);
        for (int i = 0; i < 1000; i++) {
            f.remember("a", ids(new UUID(0, i)));
        }
        long remembered = java.util.stream.IntStream.range(0, 1000).filter(i -> seen(f, "a", new UUID(0, i))).count();
        assertThat(remembered).isBetween(50L, 100L);
        assertThat(seen(f, "a", new UUID(0, 999))).as("the newest survive").isTrue();
    }

    @Test
    void manyIdsAtOnceAreRememberedExactly() {
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1_000_000, new SettableClock(0));
        // Sequential ids that differ in a few digits only, as producers often make them; enough to grow the table.
        UUID[] first = new UUID[20_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = UUID.fromString(String.format("%08x-4d5e-4f60-8a7b-%012x", i / 500, i % 500));
        }
        f.remember("a", ids(first));
        UUID[] probe = new UUID[12];
        System.arraycopy(first, 19_990, probe, 0, 10);
        probe[10] = UUID.fromString(String.format("%08x-4d5e-4f60-8a7b-%012x", 40, 0));
        probe[11] = ID;
        boolean[] seen = f.seen("a", ids(probe));
        for (int i = 0; i < 10; i++) {
            assertThat(seen[i]).as("remembered id %d", i).isTrue();
        }
        assertThat(seen[10]).as("never sent").isFalse();
        assertThat(seen[11]).as("never sent").isFalse();
        assertThat(f.seen("b", ids(probe))).as("another app").containsOnly(false);
        boolean[] all = f.seen("a", ids(first));
        for (int i = 0; i < first.length; i++) {
            assertThat(all[i]).as("id %d", i).isTrue();
        }
    }

    @Test
    void aRequestsRepeatedIdsAreFoundWithinIt() {
        RequestIds ids = new RequestIds(3000);
        for (int i = 0; i < 3000; i++) {
            assertThat(ids.addFirst(i / 500, i % 500, i)).isTrue();
        }
        assertThat(ids.addFirst(5, 499, 2999)).as("a repeat within the request").isFalse();
        assertThat(ids.addFirst(0, 0, 0)).as("a repeat of the first").isFalse();
        assertThat(ids.size()).isEqualTo(3000);
        assertThat(ids.index[2999]).isEqualTo(2999);
    }

    @Test
    void aZeroWindowTurnsItOff() {
        DuplicateFilter f = new DuplicateFilter(Duration.ZERO, 1000, new SettableClock(0));
        f.remember("a", ids(ID));
        assertThat(f.enabled()).isFalse();
        assertThat(seen(f, "a", ID)).isFalse();
    }
}
