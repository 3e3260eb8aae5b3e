package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GenerationBloomTest {
    private static long[] hashes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = DuplicateFilter.mix(1, r.nextLong(), r.nextLong());
        }
        return h;
    }

    @Test
    void findsEveryAddedIdInItsOwnGenerationAndFewFalseAlarms() {
        GenerationBloom bloom = new GenerationBloom(100_000);
        long[] added = hashes(100_000, 1);
        for (long h : added) {
            bloom.add(h, 1);
        }
        for (long h : added) {
            assertThat(bloom.mightContain(h, 1)).isTrue();
            assertThat(bloom.mightContainEither(h) & 2).isEqualTo(2);
        }
        long falseAlarms = java.util.Arrays.stream(hashes(100_000, 2)).filter(h -> bloom.mightContain(h, 1)).count();
        assertThat(falseAlarms).as("false alarms in 100,000 fresh ids at full load").isLessThan(1_000);
        long otherGeneration = java.util.Arrays.stream(added).filter(h -> bloom.mightContain(h, 0)).count();
        assertThat(otherGeneration).as("the other generation stays empty").isZero();
    }

    @Test
    void clearForgetsOneGenerationOnly() {
        GenerationBloom bloom = new GenerationBloom(1000);
        long[] ids = hashes(1000, 3);
        for (long h : ids) {
            bloom.add(h, 0);
            bloom.add(h, 1);
        }
        bloom.clear(0);
        for (long h : ids) {
            assertThat(bloom.mightContainEither(h)).isEqualTo(2);
        }
    }

    @Test
    void refusesANonPositiveSize() {
        assertThatThrownBy(() -> new GenerationBloom(0)).hasMessageContaining("was 0");
    }
}
