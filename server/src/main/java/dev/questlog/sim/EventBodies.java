package dev.questlog.sim;

import dev.questlog.client.RequestBodies;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated gameplay as ready-made {@code POST /v1/events} bodies (JSON arrays, optionally gzipped), for load
 * generators that must not spend the machine's CPU on producing events: build once, replay many times. Replayed
 * bodies repeat event ids, so a benchmark that replays them turns the collector's dedupe window off
 * ({@code ingest.dedupe_window: 0}) or counts them as duplicates. Server and client events alike: send them with a
 * server key (which may send every type).
 */
public final class EventBodies {
    private EventBodies() {
    }

    /**
     * {@code bodies} bodies of {@code eventsPerBody} events each, from the simulation {@code options} describe
     * (its duration and event limit are ignored), stamped {@code sent_at} = the last event's time.
     */
    public static List<byte[]> build(SimulationOptions options, long startMillis, int bodies, int eventsPerBody,
                                     boolean gzip) {
        if (bodies < 1 || eventsPerBody < 1) {
            throw new IllegalArgumentException("need at least one body of one event, was " + bodies + " x "
                    + eventsPerBody);
        }
        GameModel model = new GameModel(options, startMillis);
        List<byte[]> out = new ArrayList<>(bodies);
        List<byte[]> events = new ArrayList<>(eventsPerBody);
        for (int b = 0; b < bodies; b++) {
            events.clear();
            for (int i = 0; i < eventsPerBody; i++) {
                events.add(model.next().event().toJson());
            }
            out.add(RequestBodies.batch(events, model.now(), gzip));
        }
        return out;
    }
}

