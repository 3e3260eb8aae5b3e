package dev.questlog.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Test kit: gameplay-like events as stored in stream {@code events} (StoredEvent JSON of the shared contract), with
 * the expected lake row of each. Deterministic for a seed. Shape follows the talk's sample: a few hundred players
 * moving on a handful of maps, mostly position samples, some deaths, kills, pickups and purchases.
 */
final class SimulatedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LEVELS = {"dust_valley", "frost_peak", "old_harbor", "sky_temple", "iron_works"};
    private static final String[] WEAPONS = {"rifle", "shotgun", "sniper", "pistol", "grenade"};
    private static final String[] ITEMS = {"medkit", "ammo", "shield", "speed_boost"};

    private final Random random;
    private final String app;
    private final List<Player> players = new ArrayList<>();
    private long clock;

    /** One generated event: its log record and the row the lake must hold for it (partition/offset left 0). */
    record Generated(LogRecord record, EventRow expected) {
    }

    private static final class Player {
        final String clientId;
        String sessionId;
        String level;
        double x;
        double y;
        double z;

        Player(Random r) {
            clientId = new UUID(r.nextLong(), r.nextLong()).toString();
        }
    }

    SimulatedEvents(long seed, String app, int players, long startMillis) {
        this.random = new Random(seed);
        this.app = app;
        this.clock = startMillis;
        for (int i = 0; i < players; i++) {
            Player p = new Player(random);
            respawn(p);
            this.players.add(p);
        }
    }

    private void respawn(Player p) {
        p.sessionId = new UUID(random.nextLong(), random.nextLong()).toString();
        p.level = LEVELS[random.nextInt(LEVELS.length)];
        p.x = round(random.nextDouble() * 1000);
        p.y = round(random.nextDouble() * 1000);
        p.z = round(random.nextDouble() * 50);
    }

    List<Generated> next(int n) {
        List<Generated> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(one());
        }
        return out;
    }

    private Generated one() {
        clock += random.nextInt(3);
        Player p = players.get(random.nextInt(players.size()));
        p.x = round(p.x + random.nextGaussian() * 3);
        p.y = round(p.y + random.nextGaussian() * 3);
        String type = type();
        ObjectNode e = JSON.createObjectNode();
        e.put("event_version", "1.0").put("event_id", eventId())
                .put("event_timestamp", clock).put("event_type", type).put("app_name", app).put("app_version", "1.4.2")
                .put("client_id", p.clientId).put("session_id", p.sessionId).put("level_id", p.level)
                .put("position_x", p.x).put("position_y", p.y);
        if (random.nextInt(4) == 0) {
            e.put("position_z", p.z);
        }
        Long sentAt = random.nextInt(50) == 0 ? null : clock + 200 + random.nextInt(800); // an old SDK: no sent_at
        if (sentAt != null) {
            e.put("sent_at", sentAt);
        }
        ObjectNode attributes = attributes(type);
        e.setAll(attributes);
        if ("player_death".equals(type)) {
            respawn(p);
        }
        long receivedAt = (sentAt == null ? clock + 600 : sentAt) + 5 + random.nextInt(40);
        long eventTime = sentAt == null ? clock : clock + (receivedAt - sentAt);
        if (random.nextInt(100) == 0) {
            eventTime = clock + 300_000; // the collector clamped a large clock skew
        }
        String raw = e.toString();
        String stored = "{\"app\":\"" + app + "\",\"received_at\":" + receivedAt + ",\"trust\":\"client\","
                + "\"key_id\":\"key_client_1\",\"event_time\":" + eventTime + ",\"event\":" + raw + "}";
        Double z = e.has("position_z") ? e.get("position_z").asDouble() : null;
        EventRow expected = new EventRow(e.get("event_id").asText(), type, eventTime, clock, receivedAt, app, "1.4.2",
                "1.0", p.clientId, e.get("session_id").asText(), e.get("level_id").asText(), e.get("position_x").asDouble(),
                e.get("position_y").asDouble(), z, sentAt, "client", "key_client_1", attributes.toString(), raw, null, 0, 0);
        return new Generated(LogRecord.of(p.clientId.getBytes(StandardCharsets.UTF_8),
                stored.getBytes(StandardCharsets.UTF_8)), expected);
    }

    /** A UUIDv7 of the event's timestamp as the SDK makes it; one in 20 is a random (v4-like) id. */
    private String eventId() {
        if (random.nextInt(20) == 0) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
        long msb = (clock << 16) | 0x7000L | random.nextInt(0x1000);
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private String type() {
        int r = random.nextInt(100);
        if (r < 70) {
            return "player_position";
        } else if (r < 80) {
            return "player_death";
        } else if (r < 88) {
            return "player_kill";
        } else if (r < 96) {
            return "item_pickup";
        } else if (r < 99) {
            return "ability_used";
        }
        return "iap_transaction";
    }

    private ObjectNode attributes(String type) {
        ObjectNode a = JSON.createObjectNode();
        switch (type) {
            case "player_position" -> a.put("health", 1 + random.nextInt(100));
            case "player_death", "player_kill" -> a.put("weapon", WEAPONS[random.nextInt(WEAPONS.length)])
                    .put("damage", 10 + random.nextInt(90));
            case "item_pickup" -> a.put("item", ITEMS[random.nextInt(ITEMS.length)]);
            case "ability_used" -> a.putObject("ability").put("name", "dash").put("cooldown_ms", 1500);
            default -> a.put("sku", "gems_100").put("price_usd", 0.99).put("currency", "USD");
        }
        return a;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
