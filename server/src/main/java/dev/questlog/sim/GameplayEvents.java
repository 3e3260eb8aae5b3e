package dev.questlog.sim;

import java.util.SplittableRandom;

/**
 * The rules of the simulated game: what happens in a match, and which events that produces. A step starts a match
 * (sessions, logins, match_start, level_started), plays one action of it (mostly combat_hit; kills and deaths at the
 * map's hotspots; purchases; perf samples; rare crashes), or ends it (match_end, level_completed/failed, some
 * sessions end). Not thread-safe.
 */
final class GameplayEvents {
    private static final String[] WEAPONS = {"rifle", "smg", "shotgun", "sniper", "pistol", "grenade", "knife"};
    private static final String[] ITEMS = {"medkit", "armor", "ammo", "scope", "grenade_pack", "boots"};
    private static final String[] PRODUCTS = {"gem_pack_s", "gem_pack_m", "battle_pass", "skin_neon"};
    private static final double[] PRICES = {0.99, 4.99, 9.99, 19.99};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
    /** Share of deaths at a hotspot; the rest are scattered uniformly over the map. */
    static final double HOTSPOT_SHARE = 0.8;

    private final GameModel out;
    private final SplittableRandom rng;

    GameplayEvents(GameModel out, SplittableRandom rng) {
        this.out = out;
        this.rng = rng;
    }

    void step(Match m) {
        if (m.state == Match.State.LOBBY) {
            begin(m);
            return;
        }
        double r = rng.nextDouble() * 87;
        if (r < 60) {
            hit(m);
        } else if (r < 72) {
            perf(m);
        } else if (r < 81) {
            kill(m);
        } else if (r < 86) {
            purchase(m);
        } else if (r < 86.8) {
            iap(m);
        } else {
            crash(m);
        }
    }

    private void begin(Match m) {
        m.map = Maps.all().get(rng.nextInt(Maps.all().size()));
        m.matchId = out.newId();
        m.kills = 0;
        m.killTarget = 20 + rng.nextInt(30);
        m.startedMillis = out.now();
        for (Player p : m.players) {
            if (!p.inSession()) {
                startSession(m, p);
            }
        }
        out.server("match_start", m, null, "match_id", m.matchId, "mode", "team_deathmatch", "players",
                m.players.size());
        for (Player p : m.players) {
            out.client("level_started", m, p, "match_id", m.matchId);
        }
        m.state = Match.State.PLAYING;
    }

    private void startSession(Match m, Player p) {
        p.sessionId = out.newId();
        p.seq = 0;
        p.sessionStartMillis = out.now();
        out.server("session_start", m, p, "platform", p.platform);
        out.server("login", m, p, "method", rng.nextInt(4) == 0 ? "password" : "platform_sso");
    }

    private void hit(Match m) {
        Player a = m.anyone(rng);
        Player v = m.opponentOf(a, rng);
        double[] pos = position(m.map, 3.0);
        out.client("combat_hit", m, a, "position_x", pos[0], "position_y", pos[1], "target_id", v.id, "weapon",
                weapon(), "damage", 5 + rng.nextInt(56), "headshot", rng.nextInt(8) == 0);
    }

    private void kill(Match m) {
        Player killer = m.anyone(rng);
        Player victim = m.opponentOf(killer, rng);
        String weapon = weapon();
        double[] death = position(m.map, 0.5);
        double angle = rng.nextDouble() * 2 * Math.PI;
        double distance = 5 + rng.nextDouble() * 35;
        double kx = clamp(death[0] + Math.cos(angle) * distance, m.map.minX(), m.map.maxX());
        double ky = clamp(death[1] + Math.sin(angle) * distance, m.map.minY(), m.map.maxY());
        out.client("player_kill", m, killer, "position_x", round(kx), "position_y", round(ky), "victim_id",
                victim.id, "weapon", weapon, "distance", round(distance));
        out.death(m, victim, (int) death[2], "position_x", death[0], "position_y", death[1], "killer_id",
                killer.id, "weapon", weapon);
        if (++m.kills >= m.killTarget) {
            end(m);
        }
    }

    private void end(Match m) {
        int winner = rng.nextInt(2);
        out.server("match_end", m, null, "match_id", m.matchId, "winner_team", winner, "kills", m.kills,
                "duration_s", (out.now() - m.startedMillis) / 1000);
        for (Player p : m.players) {
            out.client(p.team == winner ? "level_completed" : "level_failed", m, p, "match_id", m.matchId,
                    "score", rng.nextInt(3000));
        }
        for (Player p : m.players) {
            if (rng.nextDouble() < 0.3) {
                endSession(m, p, "quit");
            }
        }
        m.state = Match.State.LOBBY;
    }

    private void endSession(Match m, Player p, String reason) {
        out.server("session_end", m, p, "reason", reason, "duration_s",
                (out.now() - p.sessionStartMillis) / 1000);
        p.sessionId = null;
    }

    private void perf(Match m) {
        Player p = m.anyone(rng);
        out.client("client_perf", m, p, "fps", round(25 + rng.nextDouble() * 120), "memory_mb",
                1200 + rng.nextInt(3000), "ping_ms", 8 + rng.nextInt(120));
    }

    private void purchase(Match m) {
        Player p = m.anyone(rng);
        out.server("item_purchase", m, p, "item", ITEMS[rng.nextInt(ITEMS.length)], "price", 50 + rng.nextInt(20) * 25,
                "currency", "gold");
    }

    private void iap(Match m) {
        Player p = m.anyone(rng);
        out.server("iap_transaction", m, p, "product", PRODUCTS[rng.nextInt(PRODUCTS.length)], "price",
                PRICES[rng.nextInt(PRICES.length)], "currency", CURRENCIES[rng.nextInt(CURRENCIES.length)],
                "store", p.platform);
    }

    private void crash(Match m) {
        Player p = m.anyone(rng);
        String where = rng.nextBoolean() ? "RenderThread" : "PhysicsWorld";
        out.client("crash", m, p, "signal", "SIGSEGV", "stack_trace", "java.lang.IllegalStateException: null\n\tat game."
                + where + ".tick(" + where + ".java:" + (100 + rng.nextInt(400)) + ")\n\tat game.Loop.run(Loop.java:42)");
        endSession(m, p, "crash");
        startSession(m, p);
    }

    private String weapon() {
        return WEAPONS[rng.nextInt(WEAPONS.length)];
    }

    /**
     * A position on the map: near a hotspot (spread {@code radius * spread / 2}) with probability
     * {@link #HOTSPOT_SHARE}, else anywhere. Returns {x, y, hotspot index or -1}.
     */
    private double[] position(GameMap map, double spread) {
        if (rng.nextDouble() >= HOTSPOT_SHARE) {
            return new double[] {round(map.minX() + rng.nextDouble() * map.width()),
                    round(map.minY() + rng.nextDouble() * map.height()), -1};
        }
        double pick = rng.nextDouble();
        int i = 0;
        while (i < map.hotspots().size() - 1 && (pick -= map.hotspots().get(i).weight()) > 0) {
            i++;
        }
        Hotspot h = map.hotspots().get(i);
        double sigma = h.radius() * spread / 2;
        double x = clamp(h.x() + rng.nextGaussian() * sigma, map.minX(), map.maxX());
        double y = clamp(h.y() + rng.nextGaussian() * sigma, map.minY(), map.maxY());
        return new double[] {round(x), round(y), i};
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
