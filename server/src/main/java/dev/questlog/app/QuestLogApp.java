package dev.questlog.app;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.AtomicFiles;
import dev.questlog.apps.IssuedKey;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.hot.HotIndex;
import dev.questlog.hot.HotIndexer;
import dev.questlog.ingest.Collector;
import dev.questlog.ingest.SchemaRegistry;
import dev.questlog.live.LiveWindows;
import dev.questlog.live.WindowStore;
import dev.questlog.log.EventLog;
import dev.questlog.web.AdminRoutes;
import dev.questlog.web.DashboardRoutes;
import dev.questlog.web.ApiServer;
import dev.questlog.web.Auth;
import dev.questlog.web.EventRoutes;
import dev.questlog.web.FailedRoutes;
import dev.questlog.web.HeatmapRoutes;
import dev.questlog.web.Health;
import dev.questlog.web.LiveRoutes;
import dev.questlog.web.PipelineRoutes;
import dev.questlog.web.Routes;
import dev.questlog.web.SchemaRoutes;
import dev.questlog.web.SearchRoutes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The assembly: the one place that wires the stages together from the configuration. Stages know only the event
 * model, the config records and each other's interfaces; which implementation runs is decided here.
 *
 * <p>Lifecycle: {@link #start} opens the log ({@code log.backend}: the local log or Kafka, see {@link EventLogs}),
 * the app registry and the schema registry, creates the admin key on first start ({@code <data_dir>/admin.key},
 * owner-only), builds the collector and the HTTP API with every route group, and returns once the server accepts
 * connections. {@link #close} stops the HTTP server first (no new
 * appends), then closes the log.
 */
public final class QuestLogApp implements AutoCloseable {
    /** Every stage of PRODUCT.md, for an honest banner: those not started are listed as not there. */
    private static final List<String> ALL_STAGES = List.of("log", "collector", "lake", "warehouse", "hot", "live",
            "heatmap", "dashboard", "simulator");

    private final QuestLogConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<String> running = new LinkedHashSet<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Health health = new Health();
    private EventLog log;
    private AppRegistry apps;
    private ApiServer server;
    private IssuedKey newAdminKey;
    /** Consumers and their outputs, closed in reverse order after the HTTP server and before the log. */
    private final List<AutoCloseable> stages = new ArrayList<>();
    private LakeStage lake;
    private WarehouseStage warehouse;
    private DemoTraffic demo;

    private QuestLogApp(QuestLogConfig config) {
        this.config = config;
    }

    /** Starts every stage of the configured roles with the system clock; returns once they are running. */
    public static QuestLogApp start(QuestLogConfig config) {
        QuestLogApp app = start(config, InstantSource.system());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "questlog-shutdown"));
        return app;
    }

    /** Starts every stage of the configured roles; the clock stamps received_at and drives windows. */
    public static QuestLogApp start(QuestLogConfig config, InstantSource clock) {
        QuestLogApp app = new QuestLogApp(config);
        try {
            app.wire(clock);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void wire(InstantSource clock) {
        Path data = AtomicFiles.ownerOnlyDirectory(config.dataDir().toAbsolutePath().normalize());
        log = EventLogs.open(config.log(), data, clock, metrics);
        running.add("log");
        EventLog openLog = log;
        // Ready while the log is open and answers (a closed or failed log throws, which reads as down).
        health.register("log", true, () -> !closed.get() && openLog.streams() != null);
        apps = AppRegistry.open(data.resolve("apps"), clock);
        newAdminKey = apps.ensureAdminKey().orElse(null);
        if (newAdminKey != null) {
            AtomicFiles.write(adminKeyFile(), (newAdminKey.token() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Auth auth = new Auth(apps);
        SchemaRegistry schemas = SchemaRegistry.open(data.resolve("schemas"));

        List<Routes> routes = new ArrayList<>();
        if (config.server().has("ingest")) {
            Collector collector = Collector.create(config.ingest(), config.collector(), log, schemas, data, clock,
                    metrics);
            routes.add(new EventRoutes(collector, auth, 4 * config.ingest().maxBodyBytes()));
            running.add("collector");
        }
        routes.add(new AdminRoutes(apps, auth));
        routes.add(new SchemaRoutes(schemas, apps, auth));
        routes.add(new FailedRoutes(log, auth));
        boolean warm = config.server().has("warehouse") || config.server().has("api");
        if (config.server().has("lake") || warm) {
            lake = LakeStage.open(config.lake(), data);
            if (config.server().has("lake")) {
                lake.startWriter(log, clock, metrics, health);
                running.add("lake");
            }
        }
        if (warm) {
            warehouse = WarehouseStage.start(config.warehouse(), data, log, lake.store(), clock, metrics, health,
                    config.server().has("warehouse"));
            routes.add(warehouse.sqlRoutes(auth));
            routes.add(new HeatmapRoutes(HeatmapStage.open(config.heatmap(), warehouse.warehouse()), auth,
                    config.heatmap().imagePx()));
            running.add("heatmap");
            running.add("warehouse");
        }
        wireHotAndLive(data, clock, auth, routes);
        routes.add(new PipelineRoutes(log, metrics, clock, auth));
        routes.add(new DashboardRoutes(auth));
        running.add("dashboard");
        // Other stages add their consumers above and their route groups here (e.g. new SearchRoutes(...)).

        server = ApiServer.start(new ApiServer.Options(config.server().host(), config.server().port(),
                config.collector().idleTimeout()), health, metrics, routes);
    }


    private void wireHotAndLive(Path data, InstantSource clock, Auth auth, List<Routes> routes) {
        if (config.server().has("hot")) {
            HotIndex hot = HotIndex.open(config.hot(), data.resolve("hot"), clock);
            stages.add(hot);
            HotIndexer indexer = HotIndexer.start(log, hot, config.hot(), clock, metrics);
            stages.add(indexer);
            health.register("hot", false, indexer::healthy);
            routes.add(new SearchRoutes(hot, auth));
            running.add("hot");
        }
        if (config.server().has("live")) {
            // Closed windows go to the warm engine's live_metrics table when this process runs it (analysts query
            // them with SQL); otherwise to <data_dir>/live as NDJSON.
            WindowStore windows = warehouse != null
                    ? WarehouseWindowStore.open(warehouse.warehouse(),
                            () -> apps.apps().stream().map(dev.questlog.apps.AppInfo::name).toList())
                    : WindowStore.files(data.resolve("live"), clock);
            LiveWindows live = LiveWindows.start(log, config.live(), windows, clock, metrics);
            stages.add(live);
            health.register("live", false, live::healthy);
            LiveRoutes liveRoutes = new LiveRoutes(live, auth);
            stages.add(liveRoutes);
            routes.add(liveRoutes);
            running.add("live");
        }
    }

    /** {@code <data_dir>/admin.key}: the admin key written on first start, readable only by its owner. */
    public Path adminKeyFile() {
        return config.dataDir().toAbsolutePath().normalize().resolve("admin.key");
    }

    public void printBanner(PrintStream out) {
        String host = config.server().host().equals("0.0.0.0") ? "localhost" : config.server().host();
        out.println("QuestLog: data directory " + config.dataDir().toAbsolutePath().normalize());
        if ("kafka".equals(config.log().backend())) {
            out.println("QuestLog: streams in Kafka at " + config.log().kafka().bootstrapServers() + " (topics "
                    + config.log().kafka().topicPrefix() + "<stream>)");
        }
        out.println("QuestLog: HTTP API on http://" + host + ":" + port() + "  (POST /v1/events, GET /v1/health,"
                + " GET /metrics)");
        out.println("QuestLog: dashboard on http://" + host + ":" + port() + "/  (sign in with an analyst or admin key)");
        out.println(newAdminKey != null ? "QuestLog: created the admin key, in " + adminKeyFile() + " (owner-only)"
                : "QuestLog: admin key: see " + adminKeyFile() + " (created on first start)");
        out.println("Running: " + String.join(", ", running));
        List<String> missing = ALL_STAGES.stream().filter(s -> !running.contains(s)).toList();
        if (!missing.isEmpty()) {
            out.println("Not running in this process: " + String.join(", ", missing) + " (stages follow server.roles"
                    + " / --roles; the simulator runs with ./questlog demo or ./questlog simulate).");
        }
    }

    /** Starts the game simulator against this process's collector (app "demo"); it stops first on close. */
    public void startDemoTraffic(PrintStream out) {
        String host = config.server().host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
        demo = DemoTraffic.start(apps, "http://" + (wildcard ? "127.0.0.1" : host) + ":" + port(), out);
        running.add("simulator");
    }

    private void closeStages() {
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(QuestLogApp.class).warn("closing {} failed", stages.get(i), e);
            }
        }
        stages.clear();
    }

    /** The bound HTTP port. */
    public int port() {
        return server.port();
    }

    /** The stream log this process appends to and reads from. */
    public EventLog eventLog() {
        return log;
    }

    /** The app and key registry. */
    public AppRegistry apps() {
        return apps;
    }

    /** The shared Prometheus registry that {@code /metrics} serves. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The warm tier, when this process runs it (roles warehouse or api). */
    public java.util.Optional<dev.questlog.warehouse.Warehouse> warehouse() {
        return java.util.Optional.ofNullable(warehouse).map(WarehouseStage::warehouse);
    }

    /** The warehouse first (it reads the lake), then the lake writer, which publishes what it holds. */
    private void closeWarmAndCold() {
        try {
            if (warehouse != null) {
                warehouse.close();
            }
        } finally {
            if (lake != null) {
                lake.close();
            }
        }
    }

    /** Blocks until the process is asked to stop (Ctrl-C / SIGTERM) or {@link #close()} is called. */
    public void awaitShutdown() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (demo != null) {
                demo.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            closeStages();
            closeWarmAndCold();
            if (log != null) {
                log.close();
            }
            stopped.countDown();
        }
    }
}
