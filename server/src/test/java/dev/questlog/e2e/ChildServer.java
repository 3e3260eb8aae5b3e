package dev.questlog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code ./questlog} main class ({@code dev.questlog.cli.Main}) in a child JVM on a data directory and a
 * fixed port, so a test can {@code kill -9} it ({@link #kill()}) and start it again over the same directory. The
 * child's output goes to {@code <data_dir>/../child-<n>.log} for post-mortems.
 */
final class ChildServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int started;

    private final Process process;
    private final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Runs {@code Main apps create NAME --data-dir DIR --json} in a child JVM and returns its JSON answer. */
    static JsonNode createApp(Path dataDir, String app) throws IOException, InterruptedException {
        Path out = dataDir.resolveSibling("apps-create-" + app + ".json");
        Process p = javaMain(List.of("apps", "create", app, "--data-dir", dataDir.toString(), "--json"), out).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("apps create failed: " + Files.readString(out));
        }
        String text = Files.readString(out);
        return JSON.readTree(text.substring(text.indexOf('{')));
    }

    /** Writes {@code settings} (dotted key → YAML scalar text) as a configuration file. */
    static Path writeConfig(Path file, Map<String, String> settings) throws IOException {
        StringBuilder yaml = new StringBuilder();
        settings.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        return Files.writeString(file, yaml);
    }

    /** Starts {@code Main serve} and waits until {@code GET /v1/health} answers 200 (at most 120 s). */
    static ChildServer serve(Path dataDir, Path config, int port) throws IOException, InterruptedException {
        Path out = dataDir.resolveSibling("child-" + (++started) + ".log");
        Process p = javaMain(List.of("serve", "--config", config.toString(), "--data-dir", dataDir.toString(),
                "--port", Integer.toString(port)), out).start();
        ChildServer child = new ChildServer(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!child.healthy()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("server did not come up; its output: " + Files.readString(out));
            }
            Thread.sleep(100);
        }
        return child;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ProcessBuilder javaMain(List<String> args, Path output) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.awt.headless=true", "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "dev.questlog.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean healthy() {
        try {
            return send("GET", "/v1/health", null, null).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Sends a request with a bearer key (null for none) and a JSON body (null for none). */
    HttpResponse<String> send(String method, String path, String key, String json) {
        return Http.send(method, url() + path, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** A clean stop (SIGTERM, shutdown hooks run). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
