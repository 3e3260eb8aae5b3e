package dev.questlog.cli;

import dev.questlog.app.HeatmapStage;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.heatmap.Heatmap;
import dev.questlog.heatmap.HeatmapParams;
import dev.questlog.heatmap.Heatmaps;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./questlog heatmap --level L --event-type T [--app A] [--from T1 --to T2] [--bins hex|square] --out FILE.png}:
 * a heatmap of the warm tier's events over the level. Without {@code --key} it opens the data directory itself (the
 * embedded DuckDB file can only be opened while no server holds it); with {@code --key} it asks a running server.
 */
@Command(name = "heatmap", description = "Render a heatmap of events over a level (PNG, or JSON bins).")
final class HeatmapCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Option(names = "--level", required = true, paramLabel = "L", description = "The level_id (map).")
    String level;

    @Option(names = "--event-type", required = true, split = ",", paramLabel = "T",
            description = "Event types counted (repeatable or comma-separated); in balance mode the positive side.")
    List<String> eventTypes;

    @Option(names = "--app", paramLabel = "A", description = "The app (default: the only app with data).")
    String app;

    @Option(names = "--from", paramLabel = "T1", description = "From this time (ISO-8601, yyyy-mm-dd or epoch ms).")
    String from;

    @Option(names = "--to", paramLabel = "T2", description = "Until this time, exclusive.")
    String to;

    @Option(names = "--bins", paramLabel = "hex|square", defaultValue = "hex", description = "Bin shape (default hex).")
    String bins;

    @Option(names = "--bin-size", paramLabel = "UNITS", description = "Bin size in world units (default: from the level).")
    String binSize;

    @Option(names = "--mode", paramLabel = "count|balance|compare", defaultValue = "count",
            description = "count; balance = event types minus --versus types; compare = --app-version minus --versus-version.")
    String mode;

    @Option(names = "--versus", split = ",", paramLabel = "T", description = "Balance mode: the negative side's types.")
    List<String> versus;

    @Option(names = "--app-version", paramLabel = "V", description = "Only this build (compare mode: build A).")
    String appVersion;

    @Option(names = "--versus-version", paramLabel = "V", description = "Compare mode: build B.")
    String versusVersion;

    @Option(names = "--trust", paramLabel = "server|client", description = "Only server or client events.")
    String trust;

    @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "Attribute filter, e.g. weapon=rifle (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--size", paramLabel = "PX", description = "Longer side of the map in pixels (default heatmap.image_px).")
    Integer size;

    @Option(names = "--format", paramLabel = "png|json", defaultValue = "png", description = "png (default) or json bins.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the PNG (or JSON).")
    Path out;

    @Mixin
    ServerAccess server;

    @Override
    public void run() {
        if (!format.equals("png") && !format.equals("json")) {
            throw new UserException("--format must be png or json, was " + format);
        }
        byte[] bytes = server.remote() ? remote() : local();
        try {
            Files.write(out, bytes);
        } catch (IOException e) {
            throw new UserException("cannot write " + out + ": " + e.getMessage());
        }
        System.out.println("wrote " + out + " (" + bytes.length + " bytes)");
    }

    private Map<String, List<String>> params() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("level", List.of(level));
        p.put("event_type", eventTypes);
        put(p, "from", from);
        put(p, "to", to);
        put(p, "bins", bins);
        put(p, "bin_size", binSize);
        put(p, "mode", mode);
        put(p, "app_version", appVersion);
        put(p, "versus_version", versusVersion);
        put(p, "trust", trust);
        if (versus != null) {
            p.put("versus", versus);
        }
        attributes.forEach((k, v) -> p.put("attr." + k, List.of(v)));
        return p;
    }

    private static void put(Map<String, List<String>> p, String name, String value) {
        if (value != null) {
            p.put(name, List.of(value));
        }
    }

    private byte[] local() {
        QuestLogConfig config = options.load();
        try (Warehouse warehouse = WarmAccess.open(config)) {
            String theApp = app != null ? app : WarmAccess.onlyApp(warehouse.apps());
            Heatmaps heatmaps = HeatmapStage.open(config.heatmap(), warehouse);
            Heatmap map = heatmaps.aggregate(HeatmapParams.parse(theApp, params()));
            int px = size != null ? size : config.heatmap().imagePx();
            return format.equals("json") ? heatmaps.json(map, px).getBytes(StandardCharsets.UTF_8) : heatmaps.png(map, px);
        } catch (IllegalArgumentException | QueryException e) {
            throw new UserException(e.getMessage());
        }
    }

    private byte[] remote() {
        List<String> query = new ArrayList<>();
        params().forEach((k, vs) -> vs.forEach(v -> query.add(enc(k) + "=" + enc(v))));
        if (app != null) {
            query.add("app=" + enc(app));
        }
        if (size != null) {
            query.add("size=" + size);
        }
        query.add("format=" + format);
        URI uri = server.uri("/v1/heatmap?" + String.join("&", query));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Authorization", server.bearer()).GET().build();
        return WarmAccess.fetch(request);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
