package dev.questlog.bench;

import dev.questlog.app.HeatmapStage;
import dev.questlog.config.HeatmapConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.heatmap.BinShape;
import dev.questlog.heatmap.Heatmap;
import dev.questlog.heatmap.HeatmapRequest;
import dev.questlog.heatmap.Heatmaps;
import dev.questlog.heatmap.Mode;
import dev.questlog.warehouse.DayCompaction;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Heatmap latency over a warm store of 10M / 100M events: the product's own path ({@link HeatmapStage} on a
 * {@link Warehouse}: {@code HeatmapSql} text, the warehouse's app-scoped read-only query, {@code Heatmap.of}), hex
 * bins, {@code player_death} on {@code dust_valley}, all time and the last 7 days; then the PNG end to end. DuckDB
 * in the layout the loader leaves, then after the product's day compaction ({@code Warehouse.compactNextDay}, timed
 * per day); PostgreSQL (embedded) on the same rows at one size. Run: {@code bench/heatmap.sh [--rows
 * 10000000,100000000] [--runs 20] [--warmups 3] [--pg-rows 10000000] [--layouts plain,compacted] [--out
 * BENCHMARKS.md]}.
 */
public final class HeatmapBench {
    static final Instant END = Instant.parse("2026-11-22T00:00:00Z");
    static final int IMAGE_PX = 900;

    /** One measured series: milliseconds per call, sorted. */
    record Result(String engine, String layout, long rows, String range, double[] aggregateMs, double[] pngMs,
                  int bins, long counted) {
        double median(double[] v) {
            return v[v.length / 2];
        }

        double p95(double[] v) {
            return v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.95) - 1)];
        }
    }

    private final int runs;
    private final int warmups;
    private final List<Result> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private HeatmapBench(int runs, int warmups) {
        this.runs = runs;
        this.warmups = warmups;
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(arg(args, "--rows", "10000000,100000000").split(",")).stream()
                .map(s -> Long.parseLong(s.strip())).toList();
        long pgRows = Long.parseLong(arg(args, "--pg-rows", "10000000"));
        List<String> layouts = List.of(arg(args, "--layouts", "plain,compacted").split(","));
        Path out = Path.of(arg(args, "--out", "BENCHMARKS.md"));
        String loadBefore = BenchmarkReport.loadAverage();
        HeatmapBench bench = new HeatmapBench(Integer.parseInt(arg(args, "--runs", "20")),
                Integer.parseInt(arg(args, "--warmups", "3")));
        Path work = Files.createTempDirectory("questlog-heatmap-bench");
        try {
            for (long n : sizes) {
                bench.size(work.resolve("n" + n), n, layouts, n == pgRows);
            }
        } finally {
            deleteTree(work);
        }
        String section = HeatmapReport.section(bench.results, bench.notes, bench.runs, bench.warmups, loadBefore,
                BenchmarkReport.loadAverage(), reproduceArgs(args));
        System.out.println(section);
        BenchmarkReport.writeSection(out, HeatmapReport.HEADING, section);
    }

    private void size(Path dir, long n, List<String> layouts, boolean postgres) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("warm.duckdb");
        Path csv = dir.resolve("events.csv");
        timed(String.format(Locale.ROOT, "generate %,d events in DuckDB", n), () -> {
            try (Connection c = HeatmapData.open(file)) {
                HeatmapData.generate(c, n, END);
                c.createStatement().execute("CHECKPOINT");
            }
        });
        if (postgres) {
            timed(String.format(Locale.ROOT, "export %,d events to CSV", n), () -> {
                try (Connection c = HeatmapData.open(file)) {
                    HeatmapData.exportCsv(c, csv);
                }
            });
        }
        if (layouts.contains("compacted")) {
            timed(String.format(Locale.ROOT, "rollup check over %,d events", n), () -> {
                try (Connection c = HeatmapData.open(file)) {
                    long[] rc = HeatmapData.rollupCells(c);
                    String note = String.format(Locale.ROOT, "a rollup at 1/1024-level cells per (event_date, "
                            + "app_version, trust) would keep %,d rows of the %,d dust_valley deaths (%.0f%%)",
                            rc[1], rc[0], 100.0 * rc[1] / rc[0]);
                    System.out.println(note);
                    notes.add(note);
                }
            });
        }
        try (Warehouse w = openDuckDb(dir)) {
            if (layouts.contains("plain")) {
                measure(w, "duckdb", "loader's (app, event_date, event_time)", n);
            }
            if (layouts.contains("compacted")) {
                compactAll(w, n);
                measure(w, "duckdb", "compacted (app, event_date, level_id, event_type, event_time)", n);
            }
        }
        if (postgres) {
            PostgresCopy.run(csv, n, this::timed, (w, engine) -> measure(w, engine, "(app, event_date) index", n));
        }
        deleteTree(dir);
    }

    /** The product's warehouse on the generated file, with its defaults (2 GB, 2 threads) and a clock at END. */
    private static Warehouse openDuckDb(Path dir) {
        return DuckDbWarehouse.open(WarehouseConfig.defaults(), dir, InstantSource.fixed(END), FaultHook.NONE);
    }

    /**
     * Runs the product's day compaction ({@code Warehouse.compactNextDay}, as the loader does between loads) until no
     * day is due, timing each day; then times the check that finds nothing due (the loader's once-a-minute cost).
     */
    private void compactAll(Warehouse w, long n) {
        List<Double> perDay = new ArrayList<>();
        long rows = 0;
        long t0 = System.nanoTime();
        while (true) {
            long t = System.nanoTime();
            Optional<DayCompaction> d = w.compactNextDay();
            if (d.isEmpty()) {
                break;
            }
            perDay.add((System.nanoTime() - t) / 1e9);
            rows += d.get().rows();
            System.out.printf(Locale.ROOT, "compacted %s: %,d events in %.1f s%n", d.get().eventDate(), d.get().rows(),
                    perDay.getLast());
        }
        double total = (System.nanoTime() - t0) / 1e9;
        List<Double> sorted = perDay.stream().sorted().toList();
        long t = System.nanoTime();
        w.compactNextDay();
        double checkMs = (System.nanoTime() - t) / 1e6;
        String note = String.format(Locale.ROOT, "day compaction of %,d events (product code, %d days of ~%,d events, "
                        + "warehouse defaults 2 GB / 2 threads): %.1f s in all, per day median %.1f s, max %.1f s "
                        + "(%,.0f events/s); the due check when nothing is due: %.0f ms", rows, perDay.size(),
                perDay.isEmpty() ? 0 : rows / perDay.size(), total, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? 0 : sorted.getLast(), rows / total, checkMs);
        System.out.println(note);
        notes.add(note);
        if (rows != n) {
            throw new IllegalStateException("compaction rewrote " + rows + " events of " + n);
        }
    }

    void measure(Warehouse w, String engine, String layout, long n) {
        Heatmaps heatmaps = HeatmapStage.open(new HeatmapConfig("viridis", IMAGE_PX, List.of()), w);
        Map<String, HeatmapRequest> requests = Map.of("all time", request(Optional.empty()),
                "last 7 days", request(Optional.of(END.minus(Duration.ofDays(7)))));
        for (String range : List.of("all time", "last 7 days")) {
            HeatmapRequest req = requests.get(range);
            Heatmap map = heatmaps.aggregate(req);
            double[] agg = series(() -> heatmaps.aggregate(req));
            double[] png = series(() -> heatmaps.png(heatmaps.aggregate(req), IMAGE_PX));
            long counted = map.totalA();
            Result r = new Result(engine, layout, n, range, agg, png, map.bins().size(), counted);
            results.add(r);
            System.out.printf(Locale.ROOT, "%s %s %,d %s: aggregate median %.1f ms p95 %.1f ms, png median %.1f ms "
                            + "p95 %.1f ms; %d bins, %,d events; hottest bin at %s%n", engine, layout, n, range,
                    r.median(agg), r.p95(agg), r.median(png), r.p95(png), r.bins(), counted, hottest(map));
        }
    }

    private static String hottest(Heatmap map) {
        return map.bins().stream().max(Comparator.comparingLong(b -> b.countA()))
                .map(b -> String.format(Locale.ROOT, "(%.0f, %.0f)", b.centerX(), b.centerY())).orElse("none");
    }

    private static HeatmapRequest request(Optional<Instant> from) {
        return new HeatmapRequest(HeatmapData.APP, "dust_valley", List.of("player_death"), List.of(), from,
                from.map(f -> END), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), BinShape.HEX,
                Optional.empty(), Mode.COUNT);
    }

    /** {@code warmups} unmeasured calls, then {@code runs} timed ones, sorted. */
    private double[] series(Supplier<?> call) {
        for (int i = 0; i < warmups; i++) {
            call.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms;
    }

    /** A step whose wall time goes into the report's notes. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    void timed(String what, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        String note = String.format(Locale.ROOT, "%s: %.1f s", what, (System.nanoTime() - t0) / 1e9);
        System.out.println(note);
        notes.add(note);
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The command-line arguments minus {@code --out}, which the script always passes. */
    private static String reproduceArgs(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                i++;
            } else {
                kept.add(args[i]);
            }
        }
        return String.join(" ", kept);
    }

    private static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
