package dev.questlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.app.ObjectStores;
import dev.questlog.app.WarehouseEngines;
import dev.questlog.config.LakeConfig;
import dev.questlog.config.LogConfig;
import dev.questlog.config.WarehouseConfig;
import dev.questlog.lake.LakeWriter;
import dev.questlog.lake.ObjectStore;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import dev.questlog.log.local.LocalLog;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseLoader;
import dev.questlog.warehouse.WarehousePaths;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Stream-to-warm turnaround at the default settings: appends a batch of events to stream {@code events} every
 * {@code --every-s} seconds for {@code --duration-s} seconds, with the lake writer (default cut age) and the
 * warehouse loader (default batch age) running on the system clock, and reports how long each batch took to be
 * visible in warm SQL. Run: {@code bench/warm-turnaround.sh [--duration-s N] [--every-s N] [--events N]}.
 */
public final class WarmTurnaroundBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarmTurnaroundBench() {
    }

    public static void main(String[] args) throws Exception {
        int duration = Integer.parseInt(arg(args, "--duration-s", "180"));
        int every = Integer.parseInt(arg(args, "--every-s", "5"));
        int events = Integer.parseInt(arg(args, "--events", "1000"));
        Path data = Files.createTempDirectory("questlog-turnaround");
        InstantSource clock = InstantSource.system();
        List<Long> sentAt = new ArrayList<>();
        List<Long> seenAt = new ArrayList<>();
        try (EventLog log = LocalLog.open(LogConfig.defaults(), data.resolve("log"), clock);
             ObjectStore store = ObjectStores.open(LakeConfig.defaults(), data);
             Warehouse warehouse = WarehouseEngines.open(WarehouseConfig.defaults(), data, clock)) {
            log.ensureStream("events");
            try (LakeWriter lake = LakeWriter.start(LakeConfig.defaults(), log, store, data.resolve("lake-staging"),
                    clock, new SimpleMeterRegistry());
                 WarehouseLoader loader = WarehouseLoader.start(WarehouseConfig.defaults(), log, store, warehouse,
                         WarehousePaths.stagingDir(data), clock, new SimpleMeterRegistry())) {
                long start = System.currentTimeMillis();
                int batches = duration / every;
                while (seenAt.size() < batches) {
                    long now = System.currentTimeMillis();
                    if (sentAt.size() < batches && now >= start + (long) sentAt.size() * every * 1000) {
                        append(log, sentAt.size(), events);
                        sentAt.add(System.currentTimeMillis());
                    }
                    while (seenAt.size() < sentAt.size() && visible(warehouse, seenAt.size(), events)) {
                        seenAt.add(System.currentTimeMillis());
                    }
                    Thread.sleep(100);
                }
            }
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < sentAt.size(); i++) {
            seconds.add((seenAt.get(i) - sentAt.get(i)) / 1000.0);
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%n| batches | events/batch | every | turnaround p50 s | p90 s | max s |%n"
                + "|---|---|---|---|---|---|%n| %d | %d | %d s | %.1f | %.1f | %.1f |%n", sorted.size(), events, every,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.getLast());
    }

    private static void append(EventLog log, int batch, int events) throws Exception {
        List<LogRecord> records = new ArrayList<>(events);
        long now = System.currentTimeMillis();
        for (int i = 0; i < events; i++) {
            String client = "batch-" + batch;
            ObjectNode event = JSON.createObjectNode().put("event_id", UUID.randomUUID().toString())
                    .put("event_type", "player_death").put("event_timestamp", now).put("client_id", client)
                    .put("level_id", "dust_valley").put("position_x", i % 100).put("position_y", i % 77);
            ObjectNode stored = JSON.createObjectNode().put("app", "arena").put("received_at", now)
                    .put("trust", "server").put("key_id", "k1").put("event_time", now);
            stored.set("event", event);
            records.add(LogRecord.of(client.getBytes(StandardCharsets.UTF_8),
                    stored.toString().getBytes(StandardCharsets.UTF_8)));
        }
        log.append("events", records).get();
    }

    private static boolean visible(Warehouse warehouse, int batch, int events) {
        Object n = warehouse.query("arena", "SELECT count(*) FROM events WHERE client_id = 'batch-" + batch + "'")
                .rows().getFirst().getFirst();
        return ((Number) n).longValue() == events;
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
