package dev.questlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The stream benchmark: QuestLog's embedded log and a single Apache Kafka broker, side by side in one run, with the
 * same records, the same appender threads and comparable durability. Writes the "## Stream (log)" section of
 * BENCHMARKS.md. Not run by the tests: {@code bench/run-log-bench.sh}.
 *
 * <p>Options: {@code --runs N} (3), {@code --seconds S} measured per scenario (5), {@code --warmup S} (2),
 * {@code --batch N} records per append (100), {@code --dir DIR} scratch directory, {@code --out FILE}
 * (BENCHMARKS.md), {@code --systems a,b} from questlog-group, kafka-flush, questlog-none, kafka-default,
 * questlog-kafka (QuestLog's Kafka backend on the same broker).
 */
public final class LogBench {
    static final int[] APPENDERS = {1, 8, 64};

    private LogBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        long measure = Long.parseLong(opt.getOrDefault("seconds", "5")) * 1000;
        long warmup = Long.parseLong(opt.getOrDefault("warmup", "2")) * 1000;
        int batch = Integer.parseInt(opt.getOrDefault("batch", "100"));
        Path dir = Path.of(opt.getOrDefault("dir", "/tmp/questlog-logbench"));
        Path out = Path.of(opt.getOrDefault("out", "BENCHMARKS.md"));
        List<String> systems = Arrays.asList(opt.getOrDefault("systems",
                "questlog-group,kafka-flush,questlog-none,kafka-default,questlog-kafka").split(","));
        if (opt.containsKey("paced-rate")) {
            pacedOnly(systems, dir, batch, warmup, measure, Double.parseDouble(opt.get("paced-rate")),
                    Boolean.parseBoolean(opt.getOrDefault("closed-first", "false")));
            return;
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String loadBefore = BenchmarkReport.loadAverage();
        String probe = BenchmarkReport.fsyncProbe(dir);
        System.err.println("disk: " + probe);

        Map<String, List<Measurement>> results = new LinkedHashMap<>();
        KafkaProcess kafka = systems.stream().anyMatch(s -> s.contains("kafka"))
                ? KafkaProcess.start(dir.resolve("kafka")) : null;
        try {
            for (int run = 1; run <= runs; run++) {
                for (String system : systems) {
                    settle();
                    System.err.printf("run %d/%d: %s%n", run, runs, system);
                    try (Target t = open(system, dir, run, kafka)) {
                        Measurement m = measure(t, batch, warmup, measure);
                        results.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(m);
                        System.err.println("  " + m);
                    }
                    deleteRecursively(dir.resolve("questlog-" + run));
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        String load = "load average (1/5/15 min) " + loadBefore + " before, " + BenchmarkReport.loadAverage()
                + " after";
        String section = BenchmarkReport.section(results, runs, batch, warmup, measure, String.join(" ", args),
                load, probe);
        System.out.println(section);
        BenchmarkReport.writeSection(out, "## Stream (log)", section);
        deleteRecursively(dir);
    }

    /**
     * Writes back the dirty pages the previous system or scenario left (page-cache modes, Kafka's deleted topics) so
     * that they do not slow down the next one's fsyncs: every system and scenario starts on a quiet disk.
     */
    private static void settle() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Thread.sleep(2000);
    }

    private static Target open(String system, Path dir, int run, KafkaProcess kafka) throws Exception {
        return switch (system) {
            case "questlog-group" -> QuestLogTarget.local(dir.resolve("questlog-" + run), "group");
            case "questlog-none" -> QuestLogTarget.local(dir.resolve("questlog-" + run), "none");
            case "questlog-kafka" -> QuestLogTarget.kafka(kafka.bootstrap, "bench-ql-" + run + ".");
            case "kafka-flush" -> new KafkaTarget(kafka.bootstrap, "bench-flush-" + run, true);
            case "kafka-default" -> new KafkaTarget(kafka.bootstrap, "bench-default-" + run, false);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    /** One run of every scenario against one target. */
    record Measurement(double[] appendRate, double[] p50, double[] p99, double pacedRate, double pacedP50,
                       double pacedP99, double readRate, double seekP50, double seekP99) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "append/s %s p99 %s ms | paced %.0f/s p50 %.2f p99 %.2f ms | "
                            + "read %.0f/s | seek p50 %.3f p99 %.3f ms", Arrays.toString(appendRate),
                    Arrays.toString(p99), pacedRate, pacedP50, pacedP99, readRate, seekP50, seekP99);
        }
    }

    static Measurement measure(Target t, int batch, long warmup, long measure) throws Exception {
        long first = System.currentTimeMillis();
        double[] rate = new double[APPENDERS.length];
        double[] p50 = new double[APPENDERS.length];
        double[] p99 = new double[APPENDERS.length];
        for (int i = 0; i < APPENDERS.length; i++) {
            settle();
            AppendLoad.Result r = AppendLoad.run(t, APPENDERS[i], batch, 0, warmup, measure);
            rate[i] = r.recordsPerSecond();
            p50[i] = r.p50Millis();
            p99[i] = r.p99Millis();
        }
        double peak = Arrays.stream(rate).max().orElseThrow();
        // the 64-appender run just wrote ~4 GB as fast as it could; the paced run measures a steady half load, not
        // the virtual disk's recovery from that burst (the disk canary of --paced-rate saw 25 ms forces there)
        settle();
        AppendLoad.Result paced = AppendLoad.run(t, 64, batch, peak / 2, warmup, measure);
        System.err.print("  paced at " + Math.round(peak / 2) + " records/s, per second:\n" + paced.timeline());
        long last = System.currentTimeMillis();

        long r0 = System.nanoTime();
        long read = t.readAll();
        double readRate = read / ((System.nanoTime() - r0) / 1e9);

        Histogram seeks = new Histogram(60_000_000_000L, 3);
        Random rnd = new Random(1);
        for (int i = 0; i < 300; i++) {
            long ts = first + (long) (rnd.nextDouble() * (last - first));
            long s0 = System.nanoTime();
            t.seek(rnd.nextInt(t.partitions()), ts);
            seeks.recordValue(System.nanoTime() - s0);
        }
        return new Measurement(rate, p50, p99, paced.recordsPerSecond(), paced.p50Millis(), paced.p99Millis(),
                readRate, seeks.getValueAtPercentile(50) / 1e6, seeks.getValueAtPercentile(99) / 1e6);
    }

    /**
     * The diagnosis mode ({@code --paced-rate R}): only the paced scenario at {@code R} records/s against the local
     * log, printing a per-second latency timeline and this JVM's CPU time to stderr; BENCHMARKS.md is left alone.
     * {@code --closed-first true} runs the 64-appender closed loop just before, as the full benchmark does.
     */
    private static void pacedOnly(List<String> systems, Path dir, int batch, long warmup, long measure, double rate,
                                  boolean closedFirst) throws Exception {
        for (String system : systems) {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            System.err.println("disk: " + BenchmarkReport.fsyncProbe(dir) + "; load " + BenchmarkReport.loadAverage());
            settle();
            try (Target t = open(system, dir, 1, null)) {
                if (closedFirst) {
                    AppendLoad.Result c = AppendLoad.run(t, 64, batch, 0, warmup, measure);
                    System.err.printf(Locale.ROOT, "closed loop first: %.0f records/s, p99 %.2f ms%n",
                            c.recordsPerSecond(), c.p99Millis());
                    settle();
                }
                long cpu0 = AppendLoad.cpuNanos();
                AppendLoad.Result r;
                String canaryTimeline;
                try (DiskCanary canary = new DiskCanary(dir)) {
                    r = AppendLoad.run(t, 64, batch, rate, warmup, measure);
                    canaryTimeline = canary.timeline();
                }
                double cpu = (AppendLoad.cpuNanos() - cpu0) / 1e9;
                System.err.printf(Locale.ROOT, "%s paced %.0f/s: p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms; "
                                + "JVM CPU %.2f s over %.1f s; load %s%n", t.name(), r.recordsPerSecond(),
                        r.p50Millis(), r.p99Millis(), r.latency().getValueAtPercentile(99.9) / 1e6,
                        r.latency().getMaxValue() / 1e6, cpu, (warmup + measure) / 1e3,
                        BenchmarkReport.loadAverage());
                System.err.print(r.timeline());
                System.err.print("disk canary (4 KiB write + force every 5 ms; the first " + warmup / 1000
                        + " s are the warm-up):\n" + canaryTimeline);
            }
            deleteRecursively(dir);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
