package dev.questlog.bench;

import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.event.BodyFormat;
import dev.questlog.event.EventParser;
import dev.questlog.event.ParserLimits;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable HTTP ingest benchmark, with the server and the load in separate processes: the server is
 * {@code ./questlog serve --roles ingest} (its own JVM, the product's JVM flags, log fsync = group, default
 * settings); peak throughput comes from {@code wrk} (closed loop, {@code bench/ingest.lua}), ack latency at 25/50/90%
 * of peak from {@link OpenLoopLoad} (open loop, its own JVM, latency from the scheduled send time). The peak is the
 * median of three wrk runs, the p99 at 50% the median of three open-loop runs; a fourth run is profiled with JFR inside the server. CPU time of the server and of the
 * load generators is read per phase, so the figures can be judged on a shared machine. Finally the parser alone and
 * the log alone are measured in this JVM (server stopped) to show what bounds ingest. Prints a Markdown section
 * and, with {@code --write FILE}, replaces "## Ingest (HTTP)" in it.
 *
 * <p>Usage: {@code bench/ingest.sh [--seconds N] [--warmup S] [--connections C] [--threads T] [--write BENCHMARKS.md]}
 */
public final class IngestBench {
    static final int EVENTS_PER_BATCH = 500;

    /** One measured phase: what the load generator saw, and the CPU the server and the generator used. */
    record Phase(String name, long requests, long errors, double seconds, long bodyBytes, double p50Millis,
                 double p99Millis, double p999Millis, double serverCpuSeconds, double loadCpuSeconds,
                 double machineBusyCores, Map<String, double[]> threadMicrosPerEvent, long requestsWhileCpuCounted) {
        double eventsPerSecond() {
            return requests * EVENTS_PER_BATCH / seconds;
        }

        double mbPerSecond() {
            return bodyBytes / seconds / 1e6;
        }

        /** Server CPU time per event sent while it was counted (open loop: warm-up included), microseconds. */
        double serverMicrosPerEvent() {
            return serverCpuSeconds * 1e6 / Math.max(1, requestsWhileCpuCounted * EVENTS_PER_BATCH);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "8"));
        // 64: a game's collector serves thousands of clients. At 16, each waiting ~8 ms for its ack, the closed loop
        // left part of the machine idle between requests (Little's law: 16 x 500 events / 8 ms = 1M events/s).
        int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        int port = Integer.parseInt(opts.getOrDefault("port", "18431"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        Path root = Path.of("").toAbsolutePath();
        Path script = root.resolve("bench/ingest.lua");
        if (!Wrk.installed()) {
            System.err.println("wrk is not installed; install it with: apt-get install -y wrk");
            System.exit(2);
        }
        int bodyBytes = new Batches(0).next().length;
        List<Phase> peaks = new ArrayList<>();
        List<Phase> paced = new ArrayList<>();
        List<Phase> half = new ArrayList<>();
        Profile.Summary profile;
        Phase profiled;
        DiskLatency disk = null;
        try (IngestServer server = IngestServer.start(root, port, Map.of())) {
            int run = 1;
            System.err.println("warm-up …");
            // Long enough for the JIT to finish with the hot path: on a busy machine C2 takes well over 10 s.
            Wrk.run(script, server.eventsUri, server.serverKey, run++, threads, connections, warmup);
            for (int i = 0; i < 3; i++) {
                System.err.println("peak, run " + (i + 1) + " of 3 …");
                peaks.add(closedLoop(server, script, run++, threads, connections, seconds, bodyBytes, "peak"));
            }
            peaks.sort(Comparator.comparingDouble(Phase::eventsPerSecond));
            Phase peak = peaks.get(1);
            System.err.println("profiled run …");
            server.startRecording();
            profiled = closedLoop(server, script, run++, threads, connections, seconds, bodyBytes, "profiled");
            Path recording = server.stopRecording();
            profile = Profile.of(recording);
            if (opts.containsKey("keep-profile")) {
                // For a closer look (jfr print / jfr view) than the summary's steps.
                Files.copy(recording, Path.of(opts.get("keep-profile")),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            for (double share : new double[] {0.25, 0.5, 0.9}) {
                Map<String, Double> before = server.metrics();
                // The target's phase runs three times and counts by its median p99: on this shared machine one
                // run's p99 can double from a single stall of the host.
                List<Phase> runs = new ArrayList<>();
                for (int k = 0; k < (share == 0.5 ? 3 : 1); k++) {
                    System.err.printf(Locale.ROOT, "%.0f%% of peak …%n", share * 100);
                    runs.add(openLoop(root, server, run++, share, peak.eventsPerSecond() * share, seconds));
                }
                if (share == 0.5) {
                    disk = DiskLatency.between(before, server.metrics());
                    half.addAll(runs);
                    runs.sort(Comparator.comparingDouble(Phase::p99Millis));
                }
                paced.add(runs.get(runs.size() / 2));
            }
        }
        System.err.println("parser alone, log alone …");
        double parse = parseOnly();
        double append = appendOnly();
        String md = IngestReport.markdown(new IngestReport.Inputs(peaks, profiled, paced, half, profile, parse, append,
                bodyBytes, seconds, connections, threads, warmup, disk));
        System.out.print(md);
        if (opts.containsKey("write")) {
            Markdown.replaceSection(Path.of(opts.get("write")), "## Ingest (HTTP)", md);
            System.err.println("wrote " + opts.get("write"));
        }
    }

    private static Phase closedLoop(IngestServer server, Path script, int run, int threads, int connections,
                                    int seconds, int bodyBytes, String name) throws Exception {
        double cpu0 = server.cpuSeconds();
        Map<String, long[]> ticks0 = server.threadTicks();
        MachineCpu machine = MachineCpu.now();
        Wrk.Run r = Wrk.run(script, server.eventsUri, server.serverKey, run, threads, connections, seconds);
        double busy = machine.busyCoresSince();
        double cpu = server.cpuSeconds() - cpu0;
        long ok = r.requests() - r.non2xx();
        return new Phase(name, ok, r.non2xx() + r.socketErrors(), r.seconds(), ok * bodyBytes, r.p50Millis(),
                r.p99Millis(), r.p999Millis(), cpu, r.cpuSeconds(), busy, perEvent(ticks0, server.threadTicks(), ok),
                r.requests());
    }

    private static Phase openLoop(Path root, IngestServer server, int run, double share, double eventsPerSecond,
                                  int seconds) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = root.resolve("bench/target/classes") + ":" + root.resolve("bench/target/lib/*");
        List<String> cmd = List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", cp,
                OpenLoopLoad.class.getName(), "--url", server.eventsUri.toString(), "--key", server.serverKey,
                "--events-per-second", Double.toString(eventsPerSecond), "--seconds", Integer.toString(seconds),
                "--run", Integer.toString(run));
        double cpu0 = server.cpuSeconds();
        MachineCpu machine = MachineCpu.now();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("open-loop load failed: " + out);
        }
        double busy = machine.busyCoresSince();
        double cpu = server.cpuSeconds() - cpu0;
        Map<String, String> v = new HashMap<>();
        out.lines().filter(l -> l.startsWith("QUESTLOG ")).findFirst().ifPresent(l -> {
            for (String kv : l.substring(9).trim().split(" ")) {
                String[] parts = kv.split("=", 2);
                v.put(parts[0], parts[1]);
            }
        });
        String name = String.format(Locale.ROOT, "%.0f%% of peak (%,.0f events/s offered)", share * 100,
                eventsPerSecond);
        return new Phase(name, Long.parseLong(v.get("requests")), Long.parseLong(v.get("errors")),
                Double.parseDouble(v.get("seconds")), Long.parseLong(v.get("body_bytes")),
                Long.parseLong(v.get("p50_us")) / 1e3, Long.parseLong(v.get("p99_us")) / 1e3,
                Long.parseLong(v.get("p999_us")) / 1e3, cpu, Double.parseDouble(v.get("cpu_seconds")), busy, Map.of(),
                Long.parseLong(v.get("sent_with_warmup")));
    }

    /** Thread group → {user, system} CPU microseconds per event between two snapshots (100 ticks per second). */
    private static Map<String, double[]> perEvent(Map<String, long[]> before, Map<String, long[]> after,
                                                  long requests) {
        double events = Math.max(1, requests * EVENTS_PER_BATCH);
        Map<String, double[]> out = new java.util.TreeMap<>();
        after.forEach((group, t) -> {
            long[] b = before.getOrDefault(group, new long[2]);
            double user = (t[0] - b[0]) * 1e4 / events;
            double sys = (t[1] - b[1]) * 1e4 / events;
            if (user + sys > 0) {
                out.put(group, new double[] {user, sys});
            }
        });
        return out;
    }

    /** Parser alone, one thread, 3 s, as the collector uses it ({@code EventParser.scan}): events/s. */
    static double parseOnly() {
        Batches batches = new Batches(0xfffe);
        EventParser parser = new EventParser(ParserLimits.defaults(), InstantSource.system());
        long events = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 3_000_000_000L) {
            byte[] b = batches.next();
            events += parser.scan(b, 0, b.length, BodyFormat.JSON).size();
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The log alone, as the collector uses it (default log settings, fsync = group): 16 concurrent appenders of
     * 500 records of the stored events' size, keyed by 200 client ids, for 5 s: events/s.
     */
    static double appendOnly() throws Exception {
        Path dir = Files.createTempDirectory("questlog-append-bench-");
        QuestLogConfig config = ConfigLoader.standard().load(Optional.empty(), Map.of(),
                Map.of("data_dir", dir.toString()));
        try (EventLog log = LocalLog.open(config.log(), dir.resolve("log"), InstantSource.system())) {
            log.ensureStream("events");
            List<LogRecord> batch = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                batch.add(LogRecord.of(("player-" + (1000 + i % 200)).getBytes(StandardCharsets.UTF_8),
                        new byte[370]));
            }
            Semaphore slots = new Semaphore(16);
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            while (System.nanoTime() - start < 5_000_000_000L) {
                slots.acquire();
                log.append("events", batch).whenComplete((r, e) -> {
                    done.addAndGet(EVENTS_PER_BATCH);
                    slots.release();
                });
            }
            slots.acquire(16);
            return done.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    /** Busy CPU of the whole machine (all processes) over an interval, from /proc/stat. */
    record MachineCpu(long busy, long total) {
        static MachineCpu now() throws IOException {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineCpu(total - idle, total);
        }

        /** Average number of busy cores since this snapshot. */
        double busyCoresSince() throws IOException {
            MachineCpu now = now();
            double share = (now.busy - busy) / (double) Math.max(1, now.total - total);
            return share * Runtime.getRuntime().availableProcessors();
        }
    }
}
