package dev.questlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, as a user runs it: {@code ./questlog serve --roles ingest} in its own JVM (the launcher's
 * JVM flags), on a fresh data directory with one app created by {@code ./questlog apps create}. Gives its CPU time
 * and takes JFR recordings through {@code jcmd}. Stopped with SIGTERM (a clean shutdown).
 */
final class IngestServer implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final Process process;
    final String serverKey;
    final URI eventsUri;

    private IngestServer(Path root, Path dir, Process process, String serverKey, int port) {
        this.root = root;
        this.dir = dir;
        this.process = process;
        this.serverKey = serverKey;
        this.eventsUri = URI.create("http://127.0.0.1:" + port + "/v1/events");
    }

    /** Creates the app, starts the server and waits until {@code /v1/health} answers 200. */
    static IngestServer start(Path root, int port, Map<String, String> settings) throws Exception {
        Path dir = Files.createTempDirectory("questlog-ingest-bench-");
        Path data = dir.resolve("data");
        Process create = new ProcessBuilder(root.resolve("questlog").toString(), "apps", "create", "bench",
                "--data-dir", data.toString(), "--json").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = new String(create.getInputStream().readAllBytes());
        if (create.waitFor() != 0) {
            throw new IllegalStateException("./questlog apps create failed: " + json);
        }
        String key = new ObjectMapper().readTree(json).get("server_key").asText();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("questlog").toString(), "serve", "--data-dir",
                data.toString(), "--port", Integer.toString(port), "--roles", "ingest"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        settings.forEach((k, v) -> pb.environment().put("QUESTLOG_" + k.toUpperCase().replace('.', '_'), v));
        IngestServer server = new IngestServer(root, dir, pb.start(), key, port);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = eventsUri.resolve("/v1/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see " + dir.resolve("server.log") + ":\n"
                        + Files.readString(dir.resolve("server.log")));
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not become healthy in 120 s");
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system, all threads) the server JVM has used so far, in seconds. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
    }

    /**
     * CPU time so far per group of the server's threads (HTTP threads, log writers, JIT compilers, GC, …), in clock
     * ticks {user, system}, from /proc; threads are grouped by their name without trailing numbers.
     */
    Map<String, long[]> threadTicks() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[-#0-9]+$", "");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long[] sum = out.computeIfAbsent(name, k -> new long[2]);
                    sum[0] += Long.parseLong(f[11]);
                    sum[1] += Long.parseLong(f[12]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The server's {@code /metrics} samples, name with labels → value (Prometheus text format). */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(eventsUri.resolve("/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> out = new java.util.HashMap<>();
        r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int space = l.lastIndexOf(' ');
            try {
                out.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
            } catch (NumberFormatException e) {
                // not a plain sample
            }
        });
        return out;
    }

    /** Starts a JFR recording (CPU samples every 10 ms, allocation samples, GC) in the server JVM. */
    void startRecording() throws Exception {
        jcmd("JFR.start", "name=bench", "settings=profile");
    }

    /** Stops the recording and returns its file. */
    Path stopRecording() throws Exception {
        Path file = dir.resolve("profile.jfr");
        jcmd("JFR.stop", "name=bench", "filename=" + file);
        return file;
    }

    private void jcmd(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
