package dev.questlog.bench;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.LoadStep;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.ManifestFile;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehousePaths;
import dev.questlog.warehouse.duckdb.DuckDbWarehouse;
import dev.questlog.warehouse.postgres.PostgresWarehouse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm-tier load throughput with dedupe into a big table: preloads {@code --base} events spread over {@code --days}
 * days by SQL generation ({@link WarmPreload}), then loads {@code --batches} manifests of {@code --batch} rows through
 * the engine's load transaction ({@link Warehouse#load}). Each batch is 90% new events of the last hour, 5% repeats
 * of its own rows (sent again 5 s later) and 5% repeats of events already in the table: half from the last two days,
 * a quarter from 35 days ago and a quarter from 120 days ago (a client flushing an old buffer). After each batch the
 * warm count must be exact. Reports wall and CPU time per batch (this JVM, which hosts DuckDB, plus the PostgreSQL
 * server's processes) and the time of each load step. Run: {@code bench/warehouse-load.sh [--engine
 * duckdb|postgres|both] [--base N] [--batch N] [--batches N] [--days N]}.
 */
public final class WarehouseLoadBench {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final StepTimer steps = new StepTimer();
    private final Path work;
    private final long base;
    private final long batch;
    private final int batches;
    private final WarmRows rows;
    private final List<String> notes = new ArrayList<>();
    private int files;

    private WarehouseLoadBench(Path work, long base, long batch, int batches, int days) {
        this.work = work;
        this.base = base;
        this.batch = batch;
        this.batches = batches;
        this.rows = new WarmRows(base, NOW, days);
    }

    public static void main(String[] args) throws Exception {
        String engine = arg(args, "--engine", "both");
        long base = Long.parseLong(arg(args, "--base", "100000000"));
        long batch = Long.parseLong(arg(args, "--batch", "500000"));
        int batches = Integer.parseInt(arg(args, "--batches", "3"));
        int days = Integer.parseInt(arg(args, "--days", "175"));
        Path work = Files.createTempDirectory(Path.of(arg(args, "--dir", System.getProperty("java.io.tmpdir"))),
                "questlog-warehouse-bench");
        WarehouseLoadBench bench = new WarehouseLoadBench(work, base, batch, batches, days);
        List<String> table = new ArrayList<>();
        try {
            if (!engine.equals("postgres")) {
                table.add(bench.duckdb());
            }
            if (!engine.equals("duckdb")) {
                table.add(bench.postgres());
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println("| engine | events already in table | batch (rows, 10% dups) | batches | load events/s (median) "
                + "| events per CPU-second (median) | inserted/batch | warm count exact after each |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("| engine | batch | " + java.util.Arrays.stream(LoadStep.values())
                .map(st -> st.name().toLowerCase(Locale.ROOT) + " ms").collect(java.util.stream.Collectors.joining(" | ")) + " | total s | load avg |");
        System.out.println("|---|---:|" + "---:|".repeat(LoadStep.values().length + 2));
        bench.notes.forEach(System.out::println);
    }

    private String duckdb() throws Exception {
        Path dir = WarehousePaths.warehouseDir(work.resolve("duck"));
        DuckDbWarehouse.open(config(), dir, clock(), FaultHook.NONE).close();
        long t0 = System.nanoTime();
        WarmPreload.duckdb(dir.toRealPath().resolve("warm.duckdb"), rows, base);
        System.out.printf(Locale.ROOT, "duckdb: preloaded %,d events by SQL in %.1f s (load avg %s)%n", base,
                seconds(t0), loadAverage());
        Path staging = Files.createDirectories(WarehousePaths.stagingDir(work.resolve("duck")));
        return run("duckdb", DuckDbWarehouse.open(config(), dir, clock(), steps), staging, List::of);
    }

    private String postgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "2GB")
                .setServerConfig("work_mem", "256MB").setServerConfig("maintenance_work_mem", "1GB")
                .setServerConfig("max_wal_size", "8GB").setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0").setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE bench");
            }
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/bench";
            WarehouseConfig config = config().withPostgres(url, "postgres", "postgres");
            PostgresWarehouse.open(config, clock(), FaultHook.NONE).close();
            long t0 = System.nanoTime();
            WarmPreload.postgres(url, Files.createDirectories(work.resolve("csv")), rows, base);
            long t1 = System.nanoTime();
            // Reopening runs the warehouse's schema DDL, which recreates the indexes the preload dropped.
            PostgresWarehouse.open(config, clock(), FaultHook.NONE).close();
            long t2 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE warm.events_all");
            }
            System.out.printf(Locale.ROOT, "postgres: preloaded %,d events: COPY %.1f s, indexes %.1f s, VACUUM ANALYZE "
                    + "%.1f s (load avg %s)%n", base, (t1 - t0) / 1e9, (t2 - t1) / 1e9, seconds(t2), loadAverage());
            Path staging = Files.createDirectories(work.resolve("pg-staging"));
            return run("postgres " + serverVersion(url), PostgresWarehouse.open(config, clock(), steps), staging,
                    () -> serverProcesses(url));
        }
    }

    /** The work directory holds tens of GB at 100M rows: never leave it behind. */
    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static WarehouseConfig config() {
        return WarehouseConfig.defaults();
    }

    private static InstantSource clock() {
        return InstantSource.fixed(NOW);
    }

    private String run(String engine, Warehouse w, Path staging, Processes others) throws Exception {
        try (w) {
            List<Double> rates = new ArrayList<>();
            List<Double> cpuRates = new ArrayList<>();
            boolean exact = true;
            long inserted = 0;
            long expected = base;
            for (int b = 0; b < batches; b++) {
                StagedFile f = batchFile(staging, b);
                List<ProcessHandle> procs = new ArrayList<>(others.list());
                procs.add(ProcessHandle.current());
                Duration cpu0 = cpu(procs);
                String load0 = loadAverage();
                long s = System.nanoTime();
                steps.start();
                LoadResult r = load(w, f);
                double secs = seconds(s);
                double cpuSecs = cpu(procs).minus(cpu0).toMillis() / 1000.0;
                String load1 = loadAverage();
                expected += newPerBatch();
                long count = w.countEvents();
                exact &= count == expected && r.rowsInserted() == newPerBatch();
                inserted = r.rowsInserted();
                rates.add(r.rowsStaged() / secs);
                cpuRates.add(r.rowsStaged() / cpuSecs);
                System.out.printf(Locale.ROOT, "%s: batch %d: %,d staged, %,d inserted in %.2f s (%.0f events/s, "
                        + "%.1f CPU s), count %,d (expected %,d), load avg %s → %s; %s%n", engine, b, r.rowsStaged(),
                        r.rowsInserted(), secs, r.rowsStaged() / secs, cpuSecs, count, expected, load0, load1, steps);
                notes.add(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %s–%s |", engine, b, steps.row(), secs,
                        load0, load1));
            }
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %,.0f | %,.0f | %,d | %s |", engine, base, batch,
                    batches, median(rates), median(cpuRates), inserted, exact ? "yes (" + String.format(Locale.ROOT,
                            "%,d", expected) + ")" : "NO (see log)");
        }
    }

    private static LoadResult load(Warehouse w, StagedFile f) {
        ManifestFile entry = new ManifestFile(f.lakePath(), WarmRows.APP, LocalDate.ofInstant(NOW, ZoneOffset.UTC), 0);
        return w.load(Manifest.of(List.of(entry)), List.of(f));
    }

    private long newPerBatch() {
        return batch - batch / 10;
    }

    /** Batch {@code b}: new events numbered past the history and earlier batches, then the repeats (see class doc). */
    private StagedFile batchFile(Path staging, int b) throws Exception {
        long fresh = newPerBatch();
        long firstNew = base + (long) b * fresh;
        long dups = batch - fresh;
        long own = dups / 2;
        long recent = (dups - own) / 2;
        long old = dups - own - recent;
        Instant hourAgo = NOW.minus(Duration.ofHours(1));
        List<String> parts = new ArrayList<>();
        parts.add(WarmRows.lakeColumns(WarmRows.fresh(firstNew, firstNew + fresh, hourAgo, Duration.ofHours(1)), 0));
        parts.add(WarmRows.lakeColumns("SELECT * FROM (" + WarmRows.fresh(firstNew, firstNew + fresh, hourAgo,
                Duration.ofHours(1)) + ") f WHERE i < " + (firstNew + own), 5_000));
        parts.add(repeats(NOW.minus(Duration.ofDays(2)), b, recent));
        parts.add(repeats(NOW.minus(Duration.ofDays(35)), b, old / 2));
        parts.add(repeats(NOW.minus(Duration.ofDays(120)), b, old - old / 2));
        return write(staging, String.join(" UNION ALL ", parts));
    }

    /** {@code n} events of the history from {@code at} on (a different stretch per batch), sent again. */
    private String repeats(Instant at, int b, long n) {
        long from = Math.min(base - n, rows.historyIndexAt(at) + (long) b * n);
        return WarmRows.lakeColumns(rows.history(Math.max(0, from), Math.max(0, from) + n), 3_600_000);
    }

    private StagedFile write(Path staging, String sql) throws Exception {
        Path file = staging.resolve("bench-" + files++ + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("COPY (" + sql + ") TO '" + file + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        return new StagedFile("events/app=" + WarmRows.APP + "/date=2026-11-22/" + file.getFileName(), file);
    }

    @FunctionalInterface
    private interface Processes {
        List<ProcessHandle> list() throws Exception;
    }

    /** The PostgreSQL postmaster and its children (backends, checkpointer, WAL writer …). */
    private static List<ProcessHandle> serverProcesses(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            ProcessHandle postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow();
            List<ProcessHandle> out = new ArrayList<>(postmaster.children().toList());
            out.add(postmaster);
            return out;
        }
    }

    private static Duration cpu(List<ProcessHandle> procs) {
        return procs.stream().map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Milliseconds spent in each step of the load transaction (the engines' fault hook, used as a probe). */
    private static final class StepTimer implements FaultHook {
        private final Map<LoadStep, Long> millis = new EnumMap<>(LoadStep.class);
        private long last;

        void start() {
            last = System.nanoTime();
            millis.clear();
        }

        @Override
        public void reached(LoadStep step) {
            long now = System.nanoTime();
            millis.put(step, (now - last) / 1_000_000);
            last = now;
        }

        String row() {
            List<String> cells = new ArrayList<>();
            for (LoadStep s : LoadStep.values()) {
                cells.add(millis.containsKey(s) ? String.format(Locale.ROOT, "%,d", millis.get(s)) : "–");
            }
            return String.join(" | ", cells);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            millis.forEach((k, v) -> out.append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(v).append("ms "));
            return out.toString().strip();
        }
    }

    private static String serverVersion(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        }
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
