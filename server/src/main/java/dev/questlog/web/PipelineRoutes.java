package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.log.EventLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/pipeline} (analyst or admin key): a summary of the whole pipeline for the dashboard, read from the
 * shared metrics registry and the log — per stage the {@code questlog_stage_*} counters, their throughput since the
 * previous call, lag (records not yet read) and batch latency; consumer-group lag per stream (end − committed: the
 * live group commits only below its open windows, so it trails by up to a minute plus the allowed lateness); ingest rejections by field; the newest
 * {@code lake-files} pointer (last lake file) and the one the {@code warehouse} group committed last (last warehouse
 * load), each with {@code appended_at}; and every other {@code questlog_lake_*} / {@code questlog_warehouse_*}
 * meter.
 */
public final class PipelineRoutes implements Routes {
    private static final String LAKE_FILES = "lake-files";
    private static final String[] STREAMS = {"events", LAKE_FILES, "failed-events"};
    /** The groups the pipeline runs, listed even before their first commit (their lag is then everything). */
    private static final Map<String, List<String>> EXPECTED_GROUPS = Map.of("events", List.of("hot", "live", "lake"),
            "lake-files", List.of("warehouse"));
    private final EventLog log;
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final Auth auth;
    private final Map<String, double[]> previous = new HashMap<>(); // stage → {millis, received}

    public PipelineRoutes(EventLog log, MeterRegistry registry, InstantSource clock, Auth auth) {
        this.log = log;
        this.registry = registry;
        this.clock = clock;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/pipeline", this::pipeline);
    }

    private void pipeline(Context ctx) {
        auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stages", stages());
        body.put("consumer_lag", lags());
        body.put("ingest_rejected_by_field", tagged("questlog_ingest_rejected", "field"));
        body.put("ingest_refused_by_status", tagged("questlog_ingest_refused", "status"));
        body.put("last_lake_file", StreamTail.newest(log, LAKE_FILES).orElse(null));
        body.put("last_warehouse_load", StreamTail.lastProcessed(log, LAKE_FILES, "warehouse").orElse(null));
        body.put("lake", prefixed("questlog_lake_"));
        body.put("warehouse", prefixed("questlog_warehouse_"));
        ctx.json(body);
    }

    private synchronized Map<String, Object> stages() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        long now = clock.millis();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            String stage = m.getId().getTag("stage");
            if (stage == null || !name.startsWith("questlog_stage_")) {
                continue;
            }
            Map<String, Object> s = out.computeIfAbsent(stage, k -> new LinkedHashMap<>());
            String metric = name.substring("questlog_stage_".length());
            if (m instanceof Timer t) {
                s.put("batches", t.count());
                s.put("batch_mean_ms", t.mean(TimeUnit.MILLISECONDS));
                s.put("batch_max_ms", t.max(TimeUnit.MILLISECONDS));
            } else {
                s.put(metric, value(m));
            }
        }
        out.forEach((stage, s) -> {
            double received = s.get("received") instanceof Number n ? n.doubleValue() : 0;
            double[] prev = previous.put(stage, new double[]{now, received});
            if (prev != null && now > prev[0]) {
                s.put("received_per_s", (received - prev[1]) * 1000.0 / (now - prev[0]));
            }
        });
        return new LinkedHashMap<>(out);
    }

    private Map<String, Map<String, Long>> lags() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String stream : STREAMS) {
            if (!log.streams().contains(stream)) {
                continue;
            }
            Map<String, Long> groups = new TreeMap<>();
            Set<String> names = new TreeSet<>(log.groups(stream));
            names.addAll(EXPECTED_GROUPS.getOrDefault(stream, List.of()));
            for (String group : names) {
                groups.put(group, log.lag(stream, group).values().stream().mapToLong(Long::longValue).sum());
            }
            out.put(stream, groups);
        }
        return out;
    }

    private Map<String, Double> tagged(String name, String tag) {
        Map<String, Double> out = new TreeMap<>();
        for (Meter m : registry.find(name).meters()) {
            out.merge(String.valueOf(m.getId().getTag(tag)), value(m), Double::sum);
        }
        return out;
    }

    private Map<String, Double> prefixed(String prefix) {
        Map<String, Double> out = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            if (m.getId().getName().startsWith(prefix) && !(m instanceof Timer)) {
                out.put(m.getId().getName() + tags(m), value(m));
            }
        }
        return out;
    }

    private static String tags(Meter m) {
        StringBuilder sb = new StringBuilder();
        m.getId().getTags().forEach(t -> sb.append(sb.isEmpty() ? "{" : ",").append(t.getKey()).append('=')
                .append(t.getValue()));
        return sb.isEmpty() ? "" : sb.append('}').toString();
    }

    private static double value(Meter m) {
        if (m instanceof Counter c) {
            return c.count();
        }
        if (m instanceof FunctionCounter f) {
            return f.count();
        }
        if (m instanceof Gauge g) {
            return g.value();
        }
        double sum = 0;
        for (var measurement : m.measure()) {
            sum += measurement.getValue();
        }
        return sum;
    }
}
