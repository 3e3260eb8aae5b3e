package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
    @Test
    void carriesVersionVariantAndMillis() {
        UUID id = UuidV7.at(1_505_491_200_685L);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UuidV7.millisOf(id)).isEqualTo(1_505_491_200_685L);
    }

    @Test
    void laterMillisSortLater() {
        UUID a = UuidV7.at(1000);
        UUID b = UuidV7.at(1001);
        assertThat(a.toString()).isLessThan(b.toString());
    }

    @Test
    void seededGeneratorReproducesIds() {
        assertThat(UuidV7.at(5, new SplittableRandom(42))).isEqualTo(UuidV7.at(5, new SplittableRandom(42)));
        assertThat(UuidV7.at(5, new SplittableRandom(42))).isNotEqualTo(UuidV7.at(5, new SplittableRandom(43)));
    }

    @Test
    void refusesTimesOutside48Bits() {
        assertThatThrownBy(() -> UuidV7.at(-1)).hasMessageContaining("-1");
    }
}
