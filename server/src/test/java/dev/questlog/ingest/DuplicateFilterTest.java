package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final String ID = "4e96de3b-2bb5-4aca-b631-f3827317d90a";
    private static final long MINUTE = 60_000;

    private static DuplicateFilter.Key key(String app, String id) {
        return DuplicateFilter.key(app, id);
    }

    @Test
    void remembersPerAppForAtLeastTheWindowAndForgetsAfterTwice() {
        MutableClock clock = new MutableClock(1_000_000);
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1000, clock);
        assertThat(f.seen(key("a", ID))).isFalse();
        f.remember(key("a", ID));
        assertThat(f.seen(key("a", ID))).isTrue();
        assertThat(f.seen(key("b", ID))).as("another app").isFalse();
        clock.advance(9 * MINUTE);
        assertThat(f.seen(key("a", ID))).isTrue();
        clock.advance(2 * MINUTE);
        assertThat(f.seen(key("a", ID))).as("11 min: still within twice the window").isTrue();
        clock.advance(10 * MINUTE);
        assertThat(f.seen(key("a", ID))).as("21 min").isFalse();
    }

    @Test
    void keysCompareUuidsByValueAndKeepOtherIdsAsText() {
        assertThat(key("a", ID)).isEqualTo(key("a", ID.toUpperCase()));
        UUID u = UUID.fromString(ID);
        assertThat(key("a", ID).msb()).isEqualTo(u.getMostSignificantBits());
        assertThat(key("a", ID).lsb()).isEqualTo(u.getLeastSignificantBits());
        assertThat(key("a", "not-a-uuid").other()).isEqualTo("not-a-uuid");
        assertThat(key("a", "zzzzzzzz-2bb5-4aca-b631-f3827317d90a").other()).isNotNull();
    }

    @Test
    void memoryIsBoundedByMaxEntries() {
        MutableClock clock = new MutableClock(0);
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 100, clock);
        for (int i = 0; i < 1000; i++) {
            f.remember(key("a", new UUID(0, i).toString()));
        }
        long remembered = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> f.seen(key("a", new UUID(0, i).toString()))).count();
        assertThat(remembered).isBetween(50L, 100L);
        assertThat(f.seen(key("a", new UUID(0, 999).toString()))).as("the newest survive").isTrue();
    }

    @Test
    void manyIdsAtOnceAreRememberedExactlyAsOneByOne() {
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1_000_000, new MutableClock(0));
        // Sequential ids that differ in a few digits only, as producers often make them; enough to grow the table.
        java.util.List<DuplicateFilter.Key> first = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            first.add(key("a", String.format("%08x-4d5e-4f60-8a7b-%012x", i / 500, i % 500)));
        }
        f.remember(first);
        f.remember(key("b", "not-a-uuid"));
        java.util.List<DuplicateFilter.Key> probe = new java.util.ArrayList<>(first.subList(19_990, 20_000));
        probe.add(key("a", String.format("%08x-4d5e-4f60-8a7b-%012x", 40, 0)));
        probe.add(key("b", ID));
        probe.add(key("b", "not-a-uuid"));
        probe.add(key("a", "not-a-uuid"));
        boolean[] seen = f.seen(probe);
        for (int i = 0; i < 10; i++) {
            assertThat(seen[i]).as("remembered id %d", i).isTrue();
        }
        assertThat(seen[10]).as("never sent").isFalse();
        assertThat(seen[11]).as("another app").isFalse();
        assertThat(seen[12]).as("a non-UUID id").isTrue();
        assertThat(seen[13]).as("a non-UUID id of another app").isFalse();
        assertThat(first.stream().filter(f::seen).count()).isEqualTo(20_000);
    }

    @Test
    void aRequestsIdsAreRememberedPerAppAndRepeatsWithinItFound() {
        DuplicateFilter f = new DuplicateFilter(Duration.ofMinutes(10), 1_000_000, new MutableClock(0));
        RequestIds ids = new RequestIds(3000);
        for (int i = 0; i < 3000; i++) {
            assertThat(ids.addFirst(i / 500, i % 500, i)).isTrue();
        }
        assertThat(ids.addFirst(5, 499, 3000 - 1)).as("a repeat within the request").isFalse();
        assertThat(ids.size()).isEqualTo(3000);
        f.remember("a", ids);
        RequestIds probe = new RequestIds(3);
        probe.add(5, 499, 0);
        probe.add(6, 0, 1);
        DuplicateFilter.Key sameAsFirst = DuplicateFilter.key("a", new java.util.UUID(0, 0).toString());
        probe.add(sameAsFirst.msb(), sameAsFirst.lsb(), 2);
        assertThat(f.seen("a", probe)).containsExactly(true, false, true);
        assertThat(f.seen("b", probe)).as("another app").containsExactly(false, false, false);
        assertThat(f.seen(sameAsFirst)).as("the same id through the single-id API").isTrue();
    }

    @Test
    void aZeroWindowTurnsItOff() {
        DuplicateFilter f = new DuplicateFilter(Duration.ZERO, 1000, new MutableClock(0));
        f.remember(key("a", ID));
        assertThat(f.enabled()).isFalse();
        assertThat(f.seen(key("a", ID))).isFalse();
    }
}
