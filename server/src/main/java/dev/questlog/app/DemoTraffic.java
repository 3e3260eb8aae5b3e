package dev.questlog.app;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.CreatedApp;
import dev.questlog.apps.KeyKind;
import dev.questlog.sim.SimulationOptions;
import dev.questlog.sim.SimulationReport;
import dev.questlog.sim.Simulator;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * What {@code ./questlog demo} feeds the pipeline: the game simulator at a moderate rate, as app {@value #APP}
 * with fresh keys (printed, so the user can query what it sends), over HTTP through the producer SDK like any game.
 */
final class DemoTraffic implements AutoCloseable {
    static final String APP = "demo";
    static final int PLAYERS = 200;
    static final double EVENTS_PER_SECOND = 2000;

    private final Simulator simulator;

    private DemoTraffic(Simulator simulator) {
        this.simulator = simulator;
    }

    /** Creates (or reuses) the demo app with new keys and starts the simulator against {@code baseUrl}. */
    static DemoTraffic start(AppRegistry apps, String baseUrl, PrintStream out) {
        CreatedApp keys = apps.app(APP).isEmpty() ? apps.createApp(APP)
                : new CreatedApp(APP, apps.createKey(APP, KeyKind.SERVER), apps.createKey(APP, KeyKind.CLIENT),
                apps.createKey(APP, KeyKind.ANALYST));
        SimulationOptions options = SimulationOptions.defaults().withPlayers(PLAYERS).withRate(EVENTS_PER_SECOND)
                .withSeed(System.currentTimeMillis()).withFaults(0.002, 0.001, 0.01);
        Simulator sim = Simulator.overHttp(options, URI.create(baseUrl), keys.server().token(),
                keys.client().token());
        sim.start();
        out.printf("Demo: simulating %d players at %,.0f events/s into app '%s' (seed %d)%n", PLAYERS,
                EVENTS_PER_SECOND, APP, options.seed());
        out.println("Demo keys: server " + keys.server().token() + "  client " + keys.client().token()
                + "  analyst " + keys.analyst().token());
        return new DemoTraffic(sim);
    }

    /** Stops the simulator, giving the SDK a moment to deliver what it queued; returns the final report. */
    SimulationReport stop(Duration timeout) {
        return simulator.stop(timeout);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }
}
