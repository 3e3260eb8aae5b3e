package dev.questlog.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinGridTest {

    @Test
    void everyCentreFallsInItsOwnBin() {
        for (BinShape shape : BinShape.values()) {
            BinGrid grid = new BinGrid(shape, 7.5, -100, 40);
            for (long a = -20; a <= 20; a++) {
                for (long b = -20; b <= 20; b++) {
                    assertThat(grid.binOf(grid.centerX(a, b), grid.centerY(a, b))).containsExactly(a, b);
                }
            }
        }
    }

    @Test
    void aPointLandsInTheHexagonWithTheNearestCentre() {
        BinGrid grid = new BinGrid(BinShape.HEX, 3, 0, 0);
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double x = random.nextDouble() * 200 - 100;
            double y = random.nextDouble() * 200 - 100;
            long[] bin = grid.binOf(x, y);
            double d = Math.hypot(x - grid.centerX(bin[0], bin[1]), y - grid.centerY(bin[0], bin[1]));
            for (long da = -1; da <= 1; da++) {
                for (long db = -1; db <= 1; db++) {
                    double other = Math.hypot(x - grid.centerX(bin[0] + da, bin[1] + db),
                            y - grid.centerY(bin[0] + da, bin[1] + db));
                    assertThat(d).isLessThanOrEqualTo(other + 1e-9);
                }
            }
            assertThat(grid.outline(bin[0], bin[1]).contains(x, y) || d > 3 * 0.8660).isTrue();
        }
    }

    @Test
    void autoSizeGivesAboutFortyEightBinsAcross() {
        Level level = new Level("m", 0, 960, 0, 480, true, java.util.Optional.empty());
        assertThat(BinGrid.autoSize(BinShape.SQUARE, level)).isEqualTo(20.0);
        assertThat(BinGrid.autoSize(BinShape.HEX, level) * Math.sqrt(3) * 48).isCloseTo(960.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
