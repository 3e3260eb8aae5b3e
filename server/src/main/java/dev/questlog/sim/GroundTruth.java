package dev.questlog.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the simulator knows about the deaths it generated: per map, how many {@code player_death} events came from
 * each hotspot and how many were scattered over the map, counting each death once (duplicates and invalid events
 * excluded). A heatmap of {@code player_death} should peak at these centres. Not thread-safe; the generator owns it.
 */
public final class GroundTruth {
    private final long seed;
    private final Map<String, long[]> hotspotDeaths = new LinkedHashMap<>();
    private final Map<String, Long> scatteredDeaths = new LinkedHashMap<>();

    GroundTruth(long seed) {
        this.seed = seed;
        for (GameMap map : Maps.all()) {
            hotspotDeaths.put(map.id(), new long[map.hotspots().size()]);
            scatteredDeaths.put(map.id(), 0L);
        }
    }

    void death(GameMap map, int hotspotIndex) {
        if (hotspotIndex < 0) {
            scatteredDeaths.merge(map.id(), 1L, Long::sum);
        } else {
            hotspotDeaths.get(map.id())[hotspotIndex]++;
        }
    }

    /** Deaths generated at a hotspot of a map. */
    public long deaths(String mapId, String hotspot) {
        GameMap map = Maps.byId(mapId);
        for (int i = 0; i < map.hotspots().size(); i++) {
            if (map.hotspots().get(i).name().equals(hotspot)) {
                return hotspotDeaths.get(mapId)[i];
            }
        }
        throw new IllegalArgumentException("map " + mapId + " has no hotspot " + hotspot);
    }

    /** Deaths generated away from any hotspot on a map. */
    public long scatteredDeaths(String mapId) {
        return scatteredDeaths.get(mapId);
    }

    /** All deaths on a map. */
    public long totalDeaths(String mapId) {
        long sum = scatteredDeaths(mapId);
        for (long n : hotspotDeaths.get(mapId)) {
            sum += n;
        }
        return sum;
    }

    /** As JSON-ready maps: {@code {"seed":…,"maps":[{"level_id":…,"bounds":…,"hotspots":[{…,"deaths":n}]}]}}. */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (GameMap map : Maps.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level_id", map.id());
            m.put("min_x", map.minX());
            m.put("min_y", map.minY());
            m.put("max_x", map.maxX());
            m.put("max_y", map.maxY());
            m.put("y_axis", map.yAxis().name().toLowerCase(Locale.ROOT));
            m.put("deaths", totalDeaths(map.id()));
            m.put("scattered_deaths", scatteredDeaths(map.id()));
            List<Map<String, Object>> hs = new ArrayList<>();
            for (int i = 0; i < map.hotspots().size(); i++) {
                Hotspot h = map.hotspots().get(i);
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("name", h.name());
                hm.put("x", h.x());
                hm.put("y", h.y());
                hm.put("radius", h.radius());
                hm.put("deaths", hotspotDeaths.get(map.id())[i]);
                hs.add(hm);
            }
            m.put("hotspots", hs);
            maps.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("event_type", "player_death");
        root.put("maps", maps);
        return root;
    }

    /** Writes {@link #toJson()} to a file. */
    public void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }
}
