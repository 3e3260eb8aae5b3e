package dev.questlog.sim;

import dev.questlog.client.ClientEvent;
import dev.questlog.client.UuidV7;
import dev.questlog.sim.SimEvent.Channel;
import dev.questlog.sim.SimEvent.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated game as a deterministic stream of events: equal options and start time give equal events (ids,
 * timestamps and fields). Players play matches of up to eight on the {@link Maps}; each call to {@link #next()}
 * advances the simulated clock by {@code 1 / timelineRate} seconds, so when the events are sent at that rate their
 * timestamps follow the wall clock. Gameplay draws from one seeded generator and faults (duplicates, invalid and
 * late events) from another, so the gameplay, and the {@link GroundTruth}, do not depend on the fault rates. Not
 * thread-safe.
 */
public final class GameModel {
    private static final String APP_VERSION = "2.3.1";
    private static final int RECENT = 1024;

    private final SimulationOptions options;
    private final long startMillis;
    private final SplittableRandom rng;
    private final SplittableRandom faults;
    private final SplittableRandom idBits;
    private final List<Match> matches = new ArrayList<>();
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final Map<String, Long> serverSeq = new HashMap<>();
    private final SimEvent[] recent = new SimEvent[RECENT];
    private final EnumMap<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final GroundTruth truth;
    private final GameplayEvents gameplay;
    private long emitted;

    public GameModel(SimulationOptions options, long startMillis) {
        this.options = options;
        this.startMillis = startMillis;
        this.rng = new SplittableRandom(options.seed());
        this.faults = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        this.idBits = new SplittableRandom(options.seed() * 31 + 7);
        this.truth = new GroundTruth(options.seed());
        this.gameplay = new GameplayEvents(this, rng);
        for (Kind k : Kind.values()) {
            counts.put(k, 0L);
        }
        createPlayers();
    }

    private void createPlayers() {
        String[] platforms = {"windows", "playstation", "xbox", "switch", "linux"};
        List<Player> group = new ArrayList<>();
        for (int i = 0; i < options.players(); i++) {
            String id = UuidV7.at(startMillis, idBits).toString();
            group.add(new Player(id, platforms[rng.nextInt(platforms.length)], i % 2));
            if (group.size() == 8 || i == options.players() - 1) {
                matches.add(new Match("gs-" + (matches.size() % 16 + 1), group));
                group = new ArrayList<>();
            }
        }
    }

    /** The next event to send. */
    public SimEvent next() {
        SimEvent e;
        double u = faults.nextDouble();
        if (u < options.duplicateRate() && emitted > 0) {
            SimEvent original = recent[faults.nextInt((int) Math.min(emitted, RECENT))];
            e = original == null ? gameplayEvent() : new SimEvent(original.channel(), original.event(), Kind.DUPLICATE);
        } else if (u < options.duplicateRate() + options.invalidRate()) {
            e = invalid();
        } else {
            e = gameplayEvent();
        }
        if (e.kind() == Kind.NORMAL || e.kind() == Kind.LATE) {
            recent[(int) (emitted % RECENT)] = e;
        }
        emitted++;
        counts.merge(e.kind(), 1L, Long::sum);
        return e;
    }

    private SimEvent gameplayEvent() {
        while (ready.isEmpty()) {
            gameplay.step(matches.get(rng.nextInt(matches.size())));
        }
        Pending p = ready.poll();
        if (p.deathMap() != null) {
            truth.death(p.deathMap(), p.hotspot());
        }
        return p.event();
    }

    /** A generated event waiting its turn; a death remembers where it came from, counted once it is sent. */
    private record Pending(SimEvent event, GameMap deathMap, int hotspot) {
    }

    /** Events generated so far, of one kind. */
    public long count(Kind kind) {
        return counts.get(kind);
    }

    /** Deaths generated so far, per map and hotspot. */
    public GroundTruth groundTruth() {
        return truth;
    }

    /** The simulated "now" in epoch ms: the start plus one step per event at the timeline rate. */
    long now() {
        return startMillis + (long) (emitted * 1000.0 / options.timelineRate());
    }

    /** Queues an event sent by the match's game server with the server key. */
    void server(String type, Match m, Player about, Object... fields) {
        ClientEvent.Builder b = ClientEvent.builder(type, now(), idBits).set("client_id",
                about == null ? m.serverId : about.id);
        if (about != null && about.inSession()) {
            b.sessionId(about.sessionId);
        }
        if (m != null && m.map != null) {
            b.levelId(m.map.id());
        }
        b.set("server_id", m == null ? "gs-lobby" : m.serverId).set("app_version", APP_VERSION).set(fields);
        long seq = about != null && about.inSession() ? ++about.seq
                : serverSeq.merge(m == null ? "gs-lobby" : m.serverId, 1L, Long::sum);
        ready.add(new Pending(new SimEvent(Channel.SERVER, b.build().withSeq(seq), Kind.NORMAL), null, 0));
    }

    /** Queues an event sent by a player's game client with the client key (clock skew, maybe late). */
    void client(String type, Match m, Player p, Object... fields) {
        ready.add(new Pending(clientEvent(type, m, p, fields), null, 0));
    }

    /** Queues a player's death, to be counted in the ground truth (at {@code hotspot}, or -1) when it is sent. */
    void death(Match m, Player p, int hotspot, Object... fields) {
        ready.add(new Pending(clientEvent("player_death", m, p, fields), m.map, hotspot));
    }

    private SimEvent clientEvent(String type, Match m, Player p, Object... fields) {
        boolean late = options.lateRate() > 0 && faults.nextDouble() < options.lateRate();
        long ts = now() + options.clockSkew().toMillis();
        if (late) {
            ts -= 120_000 + faults.nextLong(6 * 3_600_000L);
        }
        ClientEvent.Builder b = ClientEvent.builder(type, ts, idBits).clientId(p.id);
        if (p.inSession()) {
            b.sessionId(p.sessionId);
        }
        if (m != null && m.map != null) {
            b.levelId(m.map.id());
        }
        b.set("app_version", APP_VERSION).set("platform", p.platform).set(fields);
        return new SimEvent(Channel.CLIENT, b.build().withSeq(p.inSession() ? ++p.seq : 1),
                late ? Kind.LATE : Kind.NORMAL);
    }

    /** A new session id (UUIDv7 at the simulated now). */
    String newId() {
        return UuidV7.at(now(), idBits).toString();
    }

    private SimEvent invalid() {
        Match m = matches.get(faults.nextInt(matches.size()));
        Player p = m.anyone(faults);
        long ts = now() + options.clockSkew().toMillis();
        ClientEvent.Builder b = switch (faults.nextInt(4)) {
            case 0 -> ClientEvent.builder("player death", ts, idBits).position(1, 2);
            case 1 -> ClientEvent.builder("player_death", ts, idBits).set("position_x", "north", "position_y", 3);
            case 2 -> ClientEvent.builder("client_perf", ts, idBits).set("fps", 60).set("client_id", 12345);
            default -> ClientEvent.builder("x".repeat(70), ts, idBits);
        };
        if (!b.build().fields().containsKey("client_id")) {
            b.clientId(p.id);
        }
        return new SimEvent(Channel.CLIENT, b.build().withSeq(1), Kind.INVALID);
    }
}
