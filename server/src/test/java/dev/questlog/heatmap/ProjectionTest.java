package dev.questlog.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.geom.Point2D;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    private static final Level UP = new Level("up", -50, 150, 0, 100, true, Optional.empty());
    private static final Level DOWN = new Level("down", -50, 150, 0, 100, false, Optional.empty());

    @Test
    void yUpPutsTheHighestWorldYAtTheTopEdge() {
        Projection p = new Projection(UP, 10, 20, 400, 200);
        assertPixel(p.toPixel(-50, 100), 10, 20);
        assertPixel(p.toPixel(150, 0), 410, 220);
        assertPixel(p.toPixel(50, 75), 210, 70);
    }

    @Test
    void yDownPutsTheLowestWorldYAtTheTopEdge() {
        Projection p = new Projection(DOWN, 10, 20, 400, 200);
        assertPixel(p.toPixel(-50, 0), 10, 20);
        assertPixel(p.toPixel(150, 100), 410, 220);
        assertPixel(p.toPixel(50, 75), 210, 170);
    }

    @Test
    void theShapeTransformAgreesWithTheProjection() {
        for (Level level : new Level[] {UP, DOWN}) {
            Projection p = new Projection(level, 10, 20, 400, 200);
            Point2D.Double viaTransform = (Point2D.Double) p.transform().transform(new Point2D.Double(12.5, 33), null);
            Point2D.Double direct = p.toPixel(12.5, 33);
            assertThat(viaTransform.x).isCloseTo(direct.x, offset(1e-9));
            assertThat(viaTransform.y).isCloseTo(direct.y, offset(1e-9));
        }
    }

    private static void assertPixel(Point2D.Double p, double x, double y) {
        assertThat(p.x).isCloseTo(x, offset(1e-9));
        assertThat(p.y).isCloseTo(y, offset(1e-9));
    }
}
