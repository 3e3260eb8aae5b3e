package dev.questlog.bench;

import dev.questlog.app.QuestLogApp;
import dev.questlog.apps.CreatedApp;
import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.sim.EventBodies;
import dev.questlog.sim.SimulationOptions;
import dev.questlog.sim.SimulationReport;
import dev.questlog.sim.Simulator;
import dev.questlog.sim.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Can the simulator saturate the collector from the same machine? Starts the embedded QuestLog on a temporary
 * directory (fsync = group, per-client rate limit and dedupe off), then sends the same simulated gameplay three
 * ways: through the simulator and SDK with gzip, without gzip, and as pre-built request bodies
 * ({@link EventBodies}) from plain HTTP clients. For each it reports events/s and the CPU time per event of the
 * producer's Java threads (simulator, SDK senders, HTTP clients) and of everything else (the collector), so the
 * answer holds on a shared machine. Prints a Markdown section; with {@code --write FILE} replaces
 * "## Simulator as load generator" in it.
 *
 * <p>Usage: {@code bench/simulator.sh [--events N] [--connections C] [--write BENCHMARKS.md]}
 */
public final class SimulatorBench {
    private static final String HEADING = "## Simulator as load generator";

    record Result(String name, long events, double seconds, double producerMicros, double collectorMicros) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long events = Long.parseLong(opts.getOrDefault("events", "600000"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "8"));
        Path data = Files.createTempDirectory("questlog-simbench-");
        QuestLogConfig config = ConfigLoader.standard().load(Optional.empty(), Map.of(), Map.of(
                "data_dir", data.toString(), "server.port", "0", "server.host", "127.0.0.1",
                "ingest.client_rate_per_second", "0", "ingest.dedupe_window", "0s",
                "ingest.max_inflight_requests", "1024", "ingest.max_inflight_bytes", "1GiB"));
        List<Result> results = new ArrayList<>();
        try (QuestLogApp app = QuestLogApp.start(config, InstantSource.system())) {
            CreatedApp keys = app.apps().createApp("simbench");
            URI url = URI.create("http://127.0.0.1:" + app.port());
            Target target = Target.of(url, keys.server().token(), keys.client().token()).withConnections(connections);
            SimulationOptions options = SimulationOptions.defaults().withPlayers(2000).withRate(0);
            System.err.println("warm-up …");
            viaSdk("warm-up", options.withMaxEvents(events / 4), target);
            System.err.println("simulator + SDK, gzip …");
            results.add(viaSdk("simulate --rate 0 (SDK, gzip)", options.withMaxEvents(events), target));
            System.err.println("simulator + SDK, no gzip …");
            results.add(viaSdk("simulate --rate 0 --no-gzip (SDK)", options.withMaxEvents(events),
                    target.withGzip(false)));
            System.err.println("pre-built bodies …");
            results.add(prebuilt(options, url, keys.server().token(), connections, events));
        } finally {
            deleteTree(data);
        }
        String md = report(results, events, connections);
        System.out.print(md);
        if (opts.containsKey("write")) {
            Markdown.replaceSection(Path.of(opts.get("write")), HEADING, md);
            System.err.println("wrote " + opts.get("write"));
        }
    }

    private static Result viaSdk(String name, SimulationOptions options, Target target) throws Exception {
        Map<Long, Long> before = cpuByThread();
        long start = System.nanoTime();
        Simulator sim = Simulator.overHttp(options, target);
        sim.start();
        sim.awaitEnd(Duration.ofHours(1));
        while (sim.report().pending() > 0) {
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpu = cpuSince(before);
        SimulationReport r = sim.stop(Duration.ofSeconds(30));
        if (r.accepted() != r.sent()) {
            throw new IllegalStateException(name + ": not all accepted: " + r.toJsonLine());
        }
        return new Result(name, r.sent(), seconds, cpu[0] * 1e6 / r.sent(), cpu[1] * 1e6 / r.sent());
    }

    private static Result prebuilt(SimulationOptions options, URI url, String key, int connections, long events)
            throws Exception {
        System.err.println("  building bodies …");
        List<byte[]> bodies = EventBodies.build(options, System.currentTimeMillis(), 400, 500, false);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong claimed = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Map<Long, Long> before = cpuByThread();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            threads.add(Thread.ofPlatform().name("prebuilt-" + c).start(() -> {
                int i = first;
                while (claimed.addAndGet(500) <= events) {
                    HttpRequest req = HttpRequest.newBuilder(url.resolve("/v1/events"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i++ % bodies.size()))).build();
                    try {
                        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            accepted.addAndGet(500);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpu = cpuSince(before);
        http.shutdownNow();
        long n = accepted.get();
        return new Result("pre-built bodies (EventBodies, no SDK, no gzip)", n, seconds, cpu[0] * 1e6 / n,
                cpu[1] * 1e6 / n);
    }

    private static boolean isProducer(String thread) {
        return thread.startsWith("questlog-simulator") || thread.startsWith("questlog-sender")
                || thread.startsWith("HttpClient-") || thread.startsWith("prebuilt-");
    }

    private static Map<Long, Long> cpuByThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            cpu.put(id, Math.max(0, mx.getThreadCpuTime(id)));
        }
        return cpu;
    }

    /** CPU seconds of producer threads and of all other Java threads since {@code before}: {producer, rest}. */
    private static double[] cpuSince(Map<Long, Long> before) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double producer = 0;
        double rest = 0;
        for (long id : mx.getAllThreadIds()) {
            ThreadInfo info = mx.getThreadInfo(id);
            long now = mx.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            double delta = (now - before.getOrDefault(id, 0L)) / 1e9;
            if (isProducer(info.getThreadName())) {
                producer += delta;
            } else {
                rest += delta;
            }
        }
        return new double[] {producer, rest};
    }

    static String report(List<Result> results, long events, int connections) {
        StringBuilder s = new StringBuilder(HEADING + "\n\n");
        s.append("Can `./questlog simulate` saturate the collector from the same machine? The same simulated gameplay ")
                .append("(2,000 players, ~400-byte events) sent to the embedded collector (log.fsync=group; client ")
                .append("rate limit and dedupe off) in the same JVM, ").append(connections)
                .append(" connections each way. CPU is per event, Java threads only (GC and JIT excluded): producer = ")
                .append("simulator, SDK senders and HTTP clients; collector = every other thread.\n\n");
        s.append("Command: `bench/simulator.sh --events ").append(events).append(" --connections ")
                .append(connections).append(" --write BENCHMARKS.md`\n\n");
        s.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", run at ").append(java.time.Instant.now())
                .append(" (shared with other work; load average at the end: ").append(loadAverage()).append(")\n\n");
        s.append("| producer | events | events/s | producer CPU µs/event | collector CPU µs/event |\n")
                .append("|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f |%n", r.name(), r.events(),
                    r.eventsPerSecond(), r.producerMicros(), r.collectorMicros()));
        }
        s.append("\nThe simulator is not a saturating load generator here: making, serialising and compressing each ")
                .append("event costs the producer about as much CPU as the collector spends taking it, and both share ")
                .append("the cores. Throughput benchmarks therefore replay pre-built bodies (or build them outside ")
                .append("the measured loop, as `bench/ingest.sh` does); the simulator drives realism tests, demos and ")
                .append("end-to-end latency at moderate rates.\n");
        return s.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
