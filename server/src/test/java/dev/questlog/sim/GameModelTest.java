package dev.questlog.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.sim.SimEvent.Channel;
import dev.questlog.sim.SimEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GameModelTest {
    private static final long START = 1_763_800_000_000L;
    private static final SimulationOptions BASE = SimulationOptions.defaults().withPlayers(40).withRate(1000);
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static List<SimEvent> run(SimulationOptions options, int n) {
        GameModel model = new GameModel(options, START);
        List<SimEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(model.next());
        }
        return events;
    }

    @Test
    void sameSeedSameEventsDifferentSeedDifferentEvents() {
        SimulationOptions faulty = BASE.withFaults(0.05, 0.02, 0.05).withClockSkew(Duration.ofSeconds(90));
        assertThat(run(faulty, 20_000)).isEqualTo(run(faulty, 20_000));
        assertThat(run(faulty.withSeed(43), 1000)).isNotEqualTo(run(faulty, 1000));
    }

    @Test
    void coversEveryEventTypeOnTheRightChannel() {
        Map<String, Set<Channel>> channels = new HashMap<>();
        for (SimEvent e : run(BASE, 100_000)) {
            channels.computeIfAbsent(e.event().eventType(), t -> new HashSet<>()).add(e.channel());
        }
        for (String server : List.of("session_start", "session_end", "login", "match_start", "match_end",
                "item_purchase", "iap_transaction")) {
            assertThat(channels.get(server)).as(server).containsExactly(Channel.SERVER);
        }
        for (String client : List.of("player_death", "player_kill", "combat_hit", "level_started",
                "level_completed", "level_failed", "client_perf", "crash")) {
            assertThat(channels.get(client)).as(client).containsExactly(Channel.CLIENT);
        }
    }

    @Test
    void deathsClusterAtTheHotspotsTheGroundTruthNames() {
        GameModel model = new GameModel(BASE, START);
        Map<String, List<double[]>> deaths = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            SimEvent e = model.next();
            if (e.event().eventType().equals("player_death")) {
                Map<String, Object> f = e.event().fields();
                deaths.computeIfAbsent((String) f.get("level_id"), k -> new ArrayList<>())
                        .add(new double[] {(Double) f.get("position_x"), (Double) f.get("position_y")});
            }
        }
        GroundTruth truth = model.groundTruth();
        for (GameMap map : Maps.all()) {
            List<double[]> onMap = deaths.get(map.id());
            assertThat((long) onMap.size()).isEqualTo(truth.totalDeaths(map.id()));
            assertThat(onMap).allMatch(p -> map.contains(p[0], p[1]));
            Hotspot top = map.hotspots().get(0);
            long nearTop = onMap.stream().filter(p -> Math.hypot(p[0] - top.x(), p[1] - top.y()) <= top.radius())
                    .count();
            // The hotspot's disc is < 1 % of the map, yet holds about 0.8 × weight × 86 % of the deaths.
            assertThat((double) nearTop / onMap.size()).isGreaterThan(0.8 * top.weight() * 0.7);
            assertThat(truth.deaths(map.id(), top.name())).isGreaterThan(truth.scatteredDeaths(map.id()));
            for (Hotspot h : map.hotspots()) {
                assertThat(truth.deaths(map.id(), h.name())).isLessThanOrEqualTo(truth.deaths(map.id(), top.name()));
            }
        }
    }

    @Test
    void faultRatesAreRoughlyAsAsked() {
        int n = 50_000;
        List<SimEvent> events = run(BASE.withFaults(0.05, 0.02, 0.10), n);
        Map<Kind, Long> kinds = new HashMap<>();
        Set<SimEvent> seen = new HashSet<>();
        long clientEvents = 0;
        for (SimEvent e : events) {
            kinds.merge(e.kind(), 1L, Long::sum);
            if (e.kind() == Kind.DUPLICATE) {
                assertThat(seen.contains(new SimEvent(e.channel(), e.event(), Kind.NORMAL)))
                        .as("a duplicate re-sends an earlier event: " + e).isTrue();
            } else {
                seen.add(new SimEvent(e.channel(), e.event(), Kind.NORMAL));
                seen.add(new SimEvent(e.channel(), e.event(), Kind.LATE));
            }
            if (e.kind() == Kind.INVALID) {
                assertThat(isPlainlyValid(e)).as("invalid event " + e).isFalse();
            }
            if (e.channel() == Channel.CLIENT && e.kind() != Kind.DUPLICATE && e.kind() != Kind.INVALID) {
                clientEvents++;
            }
        }
        assertThat(kinds.get(Kind.DUPLICATE) / (double) n).isBetween(0.04, 0.06);
        assertThat(kinds.get(Kind.INVALID) / (double) n).isBetween(0.015, 0.025);
        assertThat(kinds.get(Kind.LATE) / (double) clientEvents).isBetween(0.08, 0.12);
    }

    private static boolean isPlainlyValid(SimEvent e) {
        Map<String, Object> f = e.event().fields();
        return EVENT_TYPE.matcher(e.event().eventType()).matches() && f.get("client_id") instanceof String
                && (!f.containsKey("position_x") || f.get("position_x") instanceof Number);
    }

    @Test
    void lateAndSkewedClientEventsCarryShiftedTimestamps() {
        Duration skew = Duration.ofMinutes(3);
        GameModel model = new GameModel(BASE.withFaults(0, 0, 0.2).withClockSkew(skew), START);
        for (int i = 0; i < 5_000; i++) {
            long now = model.now();
            SimEvent e = model.next();
            long ts = e.event().eventTimestampMillis();
            assertThat(ts).isLessThanOrEqualTo(now + skew.toMillis());
            switch (e.kind()) {
                case LATE -> assertThat(ts).isLessThanOrEqualTo(now + skew.toMillis() - 120_000);
                // Events of one game step (e.g. a kill and a death) share the step's time: at most ~50 events back.
                case NORMAL -> assertThat(ts - (e.channel() == Channel.CLIENT ? skew.toMillis() : 0))
                        .isBetween(now - 250, now);
                default -> throw new AssertionError("unexpected " + e);
            }
        }
    }

    @Test
    void sequenceNumbersRunWithoutGapsPerSession() {
        Map<String, Long> last = new HashMap<>();
        for (SimEvent e : run(BASE, 50_000)) {
            Object session = e.event().fields().get("session_id");
            if (session != null) {
                long prev = last.getOrDefault((String) session, 0L);
                assertThat(e.event().seq()).as("seq in session " + session).isEqualTo(prev + 1);
                last.put((String) session, e.event().seq());
            }
        }
        assertThat(last).hasSizeGreaterThan(40);
    }

    @Test
    void timestampsFollowTheRate() {
        GameModel model = new GameModel(BASE.withRate(200), START);
        for (int i = 0; i < 1000; i++) {
            model.next();
        }
        assertThat(model.now()).isEqualTo(START + 5_000);
    }
}
