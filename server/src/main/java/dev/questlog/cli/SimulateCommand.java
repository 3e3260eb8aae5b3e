package dev.questlog.cli;

import dev.questlog.sim.SimulationOptions;
import dev.questlog.sim.SimulationReport;
import dev.questlog.sim.Simulator;
import dev.questlog.sim.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./questlog simulate}: plays a simulated game against a collector through the producer SDK, then prints
 * what was sent and what became of it (text, then one JSON line).
 */
@Command(name = "simulate", description = "Play a simulated game against a QuestLog collector (through the SDK).")
final class SimulateCommand implements Runnable {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Collector base URL, e.g. http://localhost:8080.")
    URI url;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "Server key (game-server events).")
    String key;

    @Option(names = "--client-key", paramLabel = "KEY", description = "Client key (game-client events; default --key).")
    String clientKey;

    @Option(names = "--players", paramLabel = "N", defaultValue = "50", description = "Concurrent players (default ${DEFAULT-VALUE}).")
    int players;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "500",
            description = "Events per second (default ${DEFAULT-VALUE}; 0 = as fast as possible).")
    double rate;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to run, e.g. 30s, 5m (default: until Ctrl-C or --events).")
    Duration duration;

    @Option(names = "--events", paramLabel = "N", defaultValue = "0", description = "Stop after N events (default: no limit).")
    long events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duplicate-rate", paramLabel = "R", defaultValue = "0", description = "Share of events re-sent with the same id.")
    double duplicateRate;

    @Option(names = "--invalid-rate", paramLabel = "R", defaultValue = "0", description = "Share of deliberately invalid events.")
    double invalidRate;

    @Option(names = "--late-rate", paramLabel = "R", defaultValue = "0", description = "Share of client events sent minutes to hours late.")
    double lateRate;

    @Option(names = "--clock-skew", paramLabel = "D", defaultValue = "0s", converter = DurationConverter.class,
            description = "Offset of the game clients' clocks, e.g. 90s or -2m.")
    Duration clockSkew;

    @Option(names = "--ground-truth", paramLabel = "FILE", description = "Write the deaths per map hotspot (JSON) here at the end.")
    Path groundTruth;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
            description = "SDK clients per key, each with one request in flight (default ${DEFAULT-VALUE}; more for load tests).")
    int connections;

    @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Gzip request bodies (default on; --no-gzip leaves a shared machine's CPU to the collector).")
    boolean gzip;

    @Option(names = "--drain-timeout", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait at the end for the SDK to deliver (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Override
    public void run() {
        SimulationOptions options;
        try {
            options = new SimulationOptions(players, rate, duration, events, seed, duplicateRate, invalidRate,
                    lateRate, clockSkew);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        Target target;
        try {
            target = new Target(url, key, clientKey == null ? key : clientKey, connections, gzip);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        try (Simulator sim = Simulator.overHttp(options, target)) {
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                sim.stop(drainTimeout);
                awaitQuietly(done);
            }, "questlog-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            sim.start();
            err.println("simulating " + players + " players at " + (rate > 0 ? rate + " events/s" : "full speed")
                    + " against " + url + " (seed " + seed + "); Ctrl-C stops");
            SimulationReport report = awaitWithProgress(sim, err);
            if (groundTruth != null) {
                writeGroundTruth(sim);
                err.println("ground truth written to " + groundTruth);
            }
            out.println(report.toText());
            out.println(report.toJsonLine());
            out.flush();
            done.countDown();
            removeHook(hook);
        }
    }

    private SimulationReport awaitWithProgress(Simulator sim, PrintStream err) {
        while (!sim.awaitEnd(PROGRESS_EVERY)) {
            SimulationReport r = sim.report();
            err.printf("… %,d sent, %,d accepted, %,d rejected, %,d pending%n", r.sent(), r.accepted(), r.rejected(),
                    r.pending());
        }
        return sim.stop(drainTimeout);
    }

    private void writeGroundTruth(Simulator sim) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValue(groundTruth.toFile(), sim.groundTruth());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + groundTruth, e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
