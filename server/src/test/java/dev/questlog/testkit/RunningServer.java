package dev.questlog.testkit;

import dev.questlog.app.QuestLogApp;
import dev.questlog.apps.CreatedApp;
import dev.questlog.apps.KeyKind;
import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real QuestLog process-in-a-test: {@link QuestLogApp} on a temporary data directory and a free port on
 * 127.0.0.1, with one app ({@code test-game}) and its keys, plus a small HTTP helper. Reuse it from any stage's
 * tests: {@code try (RunningServer s = RunningServer.start(tempDir)) { s.post("/v1/events", s.serverKey(), …); }}.
 */
public final class RunningServer implements AutoCloseable {
    public static final String APP = "test-game";

    private final QuestLogApp app;
    private final CreatedApp keys;
    private final String adminKey;

    private RunningServer(QuestLogApp app, CreatedApp keys, String adminKey) {
        this.app = app;
        this.keys = keys;
        this.adminKey = adminKey;
    }

    /** Starts with the default configuration (fsync on) under {@code dataDir}. */
    public static RunningServer start(Path dataDir) {
        return start(dataDir, Map.of(), InstantSource.system());
    }

    /**
     * Starts with configuration overrides (dotted key → text, e.g. {@code "ingest.max_inflight_requests" -> "1"}).
     */
    public static RunningServer start(Path dataDir, Map<String, String> overrides, InstantSource clock) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("data_dir", dataDir.toString());
        all.putIfAbsent("server.port", "0");
        all.putIfAbsent("server.host", "127.0.0.1");
        all.putIfAbsent("log.partitions", "2");
        QuestLogConfig config = ConfigLoader.standard().load(Optional.empty(), Map.of(), all);
        QuestLogApp app = QuestLogApp.start(config, clock);
        try {
            // On a restart over the same directory the app exists: give it fresh keys (old ones stay valid).
            CreatedApp keys = app.apps().app(APP).isEmpty() ? app.apps().createApp(APP)
                    : new CreatedApp(APP, app.apps().createKey(APP, KeyKind.SERVER),
                    app.apps().createKey(APP, KeyKind.CLIENT), app.apps().createKey(APP, KeyKind.ANALYST));
            String admin = Files.readString(app.adminKeyFile()).strip();
            return new RunningServer(app, keys, admin);
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public QuestLogApp app() {
        return app;
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public String serverKey() {
        return keys.server().token();
    }

    public String clientKey() {
        return keys.client().token();
    }

    public String analystKey() {
        return keys.analyst().token();
    }

    public String adminKey() {
        return adminKey;
    }

    /** POSTs a JSON body with a key (null for none). */
    public HttpResponse<String> postJson(String path, String key, String json) {
        return send("POST", path, key, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    /** GETs a path with a key (null for none). */
    public HttpResponse<String> get(String path, String key) {
        return send("GET", path, key, null, Map.of());
    }

    /** Sends any request; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String key, byte[] body, Map<String, String> headers) {
        return Http.send(method, url() + path, key, body, headers);
    }

    /** The records a stream holds now, over all its partitions (end − start offsets). */
    public long recordsIn(String stream) {
        var log = app.eventLog();
        long n = 0;
        for (int p = 0; p < log.partitions(stream); p++) {
            n += log.endOffset(stream, p) - log.startOffset(stream, p);
        }
        return n;
    }

    /** A valid event of {@code type} for {@code clientId}, stamped now, as JSON; {@code extra} is raw JSON fields. */
    public static String event(String type, String clientId, String extra) {
        return event(UUID.randomUUID().toString(), type, clientId, extra);
    }

    public static String event(String eventId, String type, String clientId, String extra) {
        return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":"
                + System.currentTimeMillis() + ",\"client_id\":\"" + clientId + "\""
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Override
    public void close() {
        app.close();
    }
}
