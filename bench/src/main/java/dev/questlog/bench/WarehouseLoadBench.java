package dev.questlog.bench;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LoadResult;
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
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm-tier load throughput with dedupe: preloads {@code --base} events (30 days), then loads {@code --batches}
 * manifests of {@code --batch} rows each, 10% of which are duplicates (half inside the batch, half of events already
 * loaded on the same days), and reports events/s of those loads and that the count is exact. Lake-shaped Parquet
 * files are generated with DuckDB. Run: {@code bench/warehouse-load.sh [--engine duckdb|postgres|both] [--base N]
 * [--batch N] [--batches N]}.
 */
public final class WarehouseLoadBench {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final int DAYS = 30;

    private final StepTimer steps = new StepTimer();
    private final Path work;
    private final long base;
    private final long batch;
    private final int batches;
    private int files;

    private WarehouseLoadBench(Path work, long base, long batch, int batches) {
        this.work = work;
        this.base = base;
        this.batch = batch;
        this.batches = batches;
    }

    public static void main(String[] args) throws Exception {
        String engine = arg(args, "--engine", "both");
        long base = Long.parseLong(arg(args, "--base", "10000000"));
        long batch = Long.parseLong(arg(args, "--batch", "500000"));
        int batches = Integer.parseInt(arg(args, "--batches", "3"));
        Path work = Files.createTempDirectory("questlog-warehouse-bench");
        WarehouseLoadBench bench = new WarehouseLoadBench(work, base, batch, batches);
        List<String> rows = new ArrayList<>();
        if (!engine.equals("postgres")) {
            rows.add(bench.run("duckdb", bench.duckdb()));
        }
        if (!engine.equals("duckdb")) {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("shared_buffers", "1GB").setServerConfig("maintenance_work_mem", "512MB")
                    .setServerConfig("work_mem", "256MB").start()) {
                rows.add(bench.run("postgres " + serverVersion(pg), bench.postgres(pg)));
            }
        }
        System.out.println();
        System.out.println("| engine | events already in table | batch (rows, 10% dups) | batches | load events/s (median) "
                + "| inserted/batch | warm count exact |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private Warehouse duckdb() {
        return DuckDbWarehouse.open(config(), WarehousePaths.warehouseDir(work.resolve("duck")), clock(), steps);
    }

    private Warehouse postgres(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE bench");
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/bench";
        return PostgresWarehouse.open(config().withPostgres(url, "postgres", "postgres"), clock(), steps);
    }

    private static WarehouseConfig config() {
        return WarehouseConfig.defaults();
    }

    private static InstantSource clock() {
        return InstantSource.fixed(NOW);
    }

    private Path staging(String engine) throws Exception {
        return Files.createDirectories(engine.equals("duckdb")
                ? WarehousePaths.stagingDir(work.resolve("duck")) : work.resolve("pg-staging"));
    }

    private String run(String engine, Warehouse w) throws Exception {
        try (w) {
            Path staging = staging(engine.startsWith("duckdb") ? "duckdb" : "postgres");
            long t0 = System.nanoTime();
            long chunk = 2_000_000;
            for (long from = 0; from < base; from += chunk) {
                load(w, List.of(baseFile(staging, from, Math.min(base, from + chunk))));
            }
            double baseSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: preloaded %,d events in %.1f s (%.0f events/s)%n", engine, base,
                    baseSeconds, base / baseSeconds);
            List<Double> rates = new ArrayList<>();
            long inserted = 0;
            for (int b = 0; b < batches; b++) {
                StagedFile f = batchFile(staging, b);
                long s = System.nanoTime();
                steps.start();
                LoadResult r = load(w, List.of(f));
                double seconds = (System.nanoTime() - s) / 1e9;
                rates.add(r.rowsStaged() / seconds);
                inserted = r.rowsInserted();
                System.out.printf(Locale.ROOT, "%s: batch %d: %,d rows staged, %,d inserted in %.2f s (%.0f events/s); %s%n",
                        engine, b, r.rowsStaged(), r.rowsInserted(), seconds, r.rowsStaged() / seconds, steps);
            }
            long expected = base + batches * newPerBatch();
            boolean exact = w.countEvents() == expected;
            rates.sort(Double::compare);
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %,.0f | %,d | %s |", engine, base, batch,
                    batches, rates.get(rates.size() / 2), inserted, exact ? "yes (" + expected + ")" : "NO: "
                            + w.countEvents() + " vs " + expected);
        }
    }

    private LoadResult load(Warehouse w, List<StagedFile> staged) {
        List<ManifestFile> entries = staged.stream()
                .map(f -> new ManifestFile(f.lakePath(), "arena", LocalDate.of(2026, 11, 22), 0)).toList();
        return w.load(Manifest.of(entries), staged);
    }

    private long newPerBatch() {
        return batch - batch / 10;
    }

    /** Base events i in [from, to): ids from i, times spread over the last 30 days. */
    private StagedFile baseFile(Path staging, long from, long to) throws Exception {
        return write(staging, "SELECT " + id("i") + " AS event_id, " + time("i") + " AS event_time, i AS k FROM range("
                + from + ", " + to + ") t(i)");
    }

    /**
     * A batch: 90% new events (ids offset past every base and earlier batch), 5% repeats of its own rows, 5% repeats
     * of base events of the last two days.
     */
    private StagedFile batchFile(Path staging, int b) throws Exception {
        long fresh = newPerBatch();
        long firstNew = base + (long) b * fresh;
        long dups = batch - fresh;
        long lastDaysStart = base - Math.max(1, base * 2 / DAYS);
        String sql = "SELECT " + id("i") + " AS event_id, TIMESTAMP '2026-11-22 11:00:00' + (i % 3600) * INTERVAL 1 SECOND"
                + " AS event_time, i AS k FROM range(" + firstNew + ", " + (firstNew + fresh) + ") t(i)"
                + " UNION ALL SELECT " + id("i") + ", TIMESTAMP '2026-11-22 11:00:00' + (i % 3600) * INTERVAL 1 SECOND, i"
                + " FROM range(" + firstNew + ", " + (firstNew + dups / 2) + ") t(i)"
                + " UNION ALL SELECT " + id("i") + ", " + time("i") + ", i FROM range(" + lastDaysStart + ", "
                + (lastDaysStart + dups - dups / 2) + ") t(i)";
        return write(staging, sql);
    }

    /** A deterministic UUID-shaped id for event number {@code i}. */
    private static String id(String i) {
        return "regexp_replace(md5(" + i + "::VARCHAR), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')";
    }

    /** Event i's time: base events ascend over the last 30 days. */
    private String time(String i) {
        long spanSeconds = DAYS * 86_400L;
        return "TIMESTAMP '2026-10-23 12:00:00' + ((" + i + " * " + spanSeconds + ") // " + Math.max(1, base)
                + ") * INTERVAL 1 SECOND";
    }

    /** Writes rows (event_id, event_time, k) with the lake's 21 columns to a Parquet file. */
    private StagedFile write(Path staging, String rows) throws Exception {
        Path file = staging.resolve("bench-" + files++ + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("COPY (SELECT event_id, 'player_death' AS event_type, event_time, epoch_ms(event_time) AS "
                    + "event_timestamp, event_time + INTERVAL 300 MILLISECOND AS received_at, 'arena' AS app, '1.4.2' AS "
                    + "app_version, '1.0' AS event_version, 'player-' || (k % 5000) AS client_id, 's-' || (k % 20000) AS "
                    + "session_id, ['dust_valley','frost_peak','old_harbor'][1 + k % 3] AS level_id, (k % 1000) / 10.0 AS "
                    + "position_x, (k % 777) / 10.0 AS position_y, NULL::DOUBLE AS position_z, NULL::BIGINT AS sent_at, "
                    + "'server' AS trust, 'k1' AS key_id, '{\"weapon\":\"rifle\",\"damage\":' || (k % 100) || '}' AS "
                    + "attributes, '{}' AS raw, (k % 8)::INTEGER AS log_partition, k AS log_offset FROM (" + rows + ")) TO "
                    + "'" + file + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        return new StagedFile("events/app=arena/date=2026-11-22/" + file.getFileName(), file);
    }

    /** Milliseconds from the start of a load to each step (the engines' fault hook, used as a probe). */
    private static final class StepTimer implements FaultHook {
        private final StringBuilder out = new StringBuilder();
        private long start;
        private long last;

        void start() {
            start = System.nanoTime();
            last = start;
            out.setLength(0);
        }

        @Override
        public void reached(dev.questlog.warehouse.LoadStep step) {
            long now = System.nanoTime();
            out.append(step.name().toLowerCase(Locale.ROOT)).append(' ').append((now - last) / 1_000_000).append("ms ");
            last = now;
        }

        @Override
        public String toString() {
            return out.toString().strip();
        }
    }

    private static String serverVersion(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SHOW server_version")) {
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
