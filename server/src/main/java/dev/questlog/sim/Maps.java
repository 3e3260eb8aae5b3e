package dev.questlog.sim;

import dev.questlog.sim.GameMap.Lane;
import dev.questlog.sim.GameMap.Wall;
import dev.questlog.sim.GameMap.YAxis;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The simulated game's three maps. Each has hotspots at its choke points (a bridge, a gate, a tunnel), so a death
 * heatmap should show them; {@link #picture} draws each map (walls and lanes) for the heatmap's background, and
 * {@code server/src/main/resources/levels/<id>.png|json} hold the same pictures and bounds as committed assets
 * (regenerate with {@link MapAssets}).
 */
public final class Maps {
    /** Three lanes between two bases; the middle one crosses a narrow bridge. y up, 1000 × 1000 units. */
    public static final GameMap DUST_VALLEY = new GameMap("dust_valley", "Dust Valley", 0, 0, 1000, 1000, YAxis.UP,
            List.of(lane(70, 500, 60, 150, 250, 150, 750, 500, 940),
                    lane(70, 500, 60, 500, 940),
                    lane(70, 500, 60, 850, 250, 850, 750, 500, 940)),
            List.of(new Wall(220, 300, 420, 450), new Wall(580, 300, 780, 450),
                    new Wall(220, 550, 420, 700), new Wall(580, 550, 780, 700),
                    new Wall(420, 470, 475, 530), new Wall(525, 470, 580, 530),
                    new Wall(40, 570, 120, 630), new Wall(180, 570, 260, 630),
                    new Wall(740, 350, 820, 410), new Wall(880, 350, 960, 410)),
            List.of(new Hotspot("mid_bridge", 500, 500, 36, 0.45),
                    new Hotspot("west_gate", 150, 600, 30, 0.25),
                    new Hotspot("east_tunnel", 850, 380, 30, 0.20),
                    new Hotspot("north_exit", 500, 860, 44, 0.10)));

    /** A walled keep with two gates and a courtyard, a river bridge to the west. y up, centred on 0, 1024 units. */
    public static final GameMap FROST_KEEP = new GameMap("frost_keep", "Frost Keep", -512, -512, 512, 512, YAxis.UP,
            List.of(lane(60, 0, -490, 0, 490),
                    lane(60, 0, -420, -420, -420, -420, 420, 0, 420),
                    lane(60, 0, -420, 420, -420, 420, 420, 0, 420)),
            List.of(new Wall(-300, -320, -30, -280), new Wall(30, -320, 300, -280),
                    new Wall(-300, 280, -30, 320), new Wall(30, 280, 300, 320),
                    new Wall(-320, -320, -280, 320), new Wall(280, -320, 320, 320),
                    new Wall(-512, 120, -450, 180), new Wall(-390, 120, -330, 180)),
            List.of(new Hotspot("south_gate", 0, -300, 30, 0.40),
                    new Hotspot("courtyard", 0, 0, 60, 0.30),
                    new Hotspot("west_bridge", -420, 150, 34, 0.20),
                    new Hotspot("north_gate", 0, 300, 30, 0.10)));

    /** Harbour roads between container stacks. Screen-like coordinates (y down), 2048 × 1024 units. */
    public static final GameMap NEON_DOCKS = new GameMap("neon_docks", "Neon Docks", 0, 0, 2048, 1024, YAxis.DOWN,
            List.of(lane(80, 50, 512, 2000, 512),
                    lane(60, 300, 200, 1900, 200),
                    lane(60, 150, 850, 1900, 850),
                    lane(60, 600, 200, 600, 850),
                    lane(60, 1200, 200, 1200, 850),
                    lane(60, 1800, 200, 1800, 850)),
            List.of(new Wall(700, 260, 1100, 440), new Wall(1300, 260, 1700, 440),
                    new Wall(700, 580, 1100, 790), new Wall(1300, 580, 1700, 790),
                    new Wall(250, 580, 540, 790), new Wall(250, 260, 540, 440),
                    new Wall(1140, 700, 1175, 820), new Wall(1225, 700, 1260, 820),
                    new Wall(1860, 60, 2000, 150)),
            List.of(new Hotspot("crane_crossing", 600, 512, 40, 0.35),
                    new Hotspot("container_maze", 1200, 760, 50, 0.30),
                    new Hotspot("pier_end", 1800, 200, 35, 0.20),
                    new Hotspot("west_road", 250, 512, 40, 0.15)));

    private static final List<GameMap> ALL = List.of(DUST_VALLEY, FROST_KEEP, NEON_DOCKS);

    private Maps() {
    }

    /** The maps, in a fixed order (the simulator's seeded choices depend on it). */
    public static List<GameMap> all() {
        return ALL;
    }

    /** The map with this {@code level_id}. */
    public static GameMap byId(String id) {
        return ALL.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no map '" + id + "'; maps: "
                        + ALL.stream().map(GameMap::id).toList()));
    }

    /** The map's picture, {@code widthPx} wide with the map's aspect ratio; see {@link MapPicture}. */
    public static BufferedImage picture(GameMap map, int widthPx) {
        return MapPicture.draw(map, widthPx);
    }

    private static Lane lane(double width, double... xy) {
        java.util.ArrayList<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new double[] {xy[i], xy[i + 1]});
        }
        return new Lane(width, points);
    }
}
