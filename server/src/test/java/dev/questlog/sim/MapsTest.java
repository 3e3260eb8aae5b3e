package dev.questlog.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapsTest {
    @Test
    void threeMapsWithDistinctIdsAndHotspotsInsideTheirBounds() {
        assertThat(Maps.all()).extracting(GameMap::id).containsExactly("dust_valley", "frost_keep", "neon_docks");
        for (GameMap map : Maps.all()) {
            assertThat(map.hotspots()).isNotEmpty().allMatch(h -> map.contains(h.x(), h.y()));
            assertThat(Maps.byId(map.id())).isSameAs(map);
        }
        assertThatThrownBy(() -> Maps.byId("moon")).hasMessageContaining("moon");
    }

    @Test
    void pixelRowsFollowTheYAxis() {
        GameMap up = Maps.DUST_VALLEY;
        assertThat(up.pixelY(up.maxY(), 100)).isZero();
        assertThat(up.pixelY(up.minY(), 100)).isEqualTo(100);
        GameMap down = Maps.NEON_DOCKS;
        assertThat(down.pixelY(down.minY(), 100)).isZero();
        assertThat(down.pixelX(down.maxX(), 200)).isEqualTo(200);
    }

    @Test
    void picturesShowLanesWhereTheMapSaysAndKeepTheAspectRatio() {
        for (GameMap map : Maps.all()) {
            BufferedImage img = Maps.picture(map, 512);
            assertThat(img.getHeight()).isEqualTo((int) Math.round(512 * map.height() / map.width()));
            double[] p = map.lanes().get(0).points().get(0);
            int lane = img.getRGB((int) map.pixelX(p[0], 512), (int) Math.min(img.getHeight() - 1,
                    map.pixelY(p[1], img.getHeight())));
            int corner = img.getRGB(1, 1);
            assertThat(brightness(lane)).as(map.id() + " lane vs ground").isGreaterThan(brightness(corner) + 60);
        }
    }

    @Test
    void committedAssetsMatchTheMaps() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (GameMap map : Maps.all()) {
            try (InputStream png = getClass().getResourceAsStream("/levels/" + map.id() + ".png");
                 InputStream desc = getClass().getResourceAsStream("/levels/" + map.id() + ".json")) {
                assertThat(png).as("levels/" + map.id() + ".png").isNotNull();
                assertThat(desc).as("levels/" + map.id() + ".json").isNotNull();
                BufferedImage img = ImageIO.read(png);
                JsonNode committed = json.readTree(desc);
                assertThat(committed).isEqualTo(json.valueToTree(MapAssets.describe(map, img.getWidth(),
                        img.getHeight())));
                assertThat(img.getWidth()).isEqualTo(MapAssets.WIDTH_PX);
            }
        }
    }

    @Test
    void generatorWritesPictureAndDescriptionPerMap(@TempDir Path dir) throws Exception {
        MapAssets.write(dir);
        for (GameMap map : Maps.all()) {
            assertThat(ImageIO.read(dir.resolve(map.id() + ".png").toFile()).getWidth()).isEqualTo(MapAssets.WIDTH_PX);
            assertThat(dir.resolve(map.id() + ".json")).isNotEmptyFile();
        }
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }
}
