package dev.questlog.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongSetTest {
    @Test
    void behavesLikeAHashSetOfLongsIncludingZeroAndGrowth() {
        LongSet set = new LongSet();
        Set<Long> model = new HashSet<>();
        Random rng = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long v = switch (i % 4) {
                case 0 -> rng.nextLong();
                case 1 -> rng.nextInt(5_000); // many repeats, and 0
                case 2 -> -rng.nextInt(5_000);
                default -> (long) rng.nextInt(1000) << 40;
            };
            assertThat(set.add(v)).as("add %d", v).isEqualTo(model.add(v));
        }
        assertThat(set.size()).isEqualTo(model.size());
    }
}
