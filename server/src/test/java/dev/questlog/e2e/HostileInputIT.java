package dev.questlog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input: a seeded stream of malformed requests ({@link Mutations}) mixed with ~10% more valid batches, from two
 * threads, against a real in-process server; then slow and stalled bodies over raw sockets. Every answer must be 2xx
 * or 4xx (a 4xx with a JSON {@code error}), never 5xx nor a hang; the server stays healthy, its heap after GC stays
 * bounded, and every valid event arrives in the warm store. {@code -Dquestlog.e2e.long=true} sends 100,000 requests
 * instead of 20,000.
 */
@Tag("e2e")
class HostileInputIT {
    private static final int REQUESTS = Boolean.getBoolean("questlog.e2e.long") ? 100_000 : 20_000;
    private static final int THREADS = 2;
    private static final long MAX_BODY = 1L << 20;
    private static final long HEAP_LIMIT_BYTES = 768L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> validIds = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong fuzzed = new AtomicLong();

    @Test
    void everyHostileRequestGetsAClear4xxAndEveryValidEventArrives() throws Exception {
        try (RunningServer server = RunningServer.start(dir, Map.of("lake.batch.max_age", "1s",
                "warehouse.load.max_age", "1s", "ingest.client_rate_per_second", "0", "ingest.idle_timeout", "1s",
                "ingest.max_body_bytes", Long.toString(MAX_BODY)), InstantSource.system())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000 + t;
                threads.add(Thread.ofPlatform().name("fuzz-" + t).start(() -> fuzz(server, seed, REQUESTS / THREADS)));
            }
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(10));
            }
            int slow = slowBodies(server);
            assertThat(server.get("/v1/health", null).statusCode()).as("healthy after the fuzzing").isEqualTo(200);
            long heapAfterGc = heapAfterGc();
            Set<String> warm = awaitWarm(server);
            Map<String, Long> hot = awaitHot(server);

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("requests_fuzzed", fuzzed.get());
            figures.put("slow_or_stalled_bodies", slow);
            figures.put("valid_events_mixed_in", validIds.size());
            figures.put("valid_events_in_warm", warm.stream().filter(validIds::contains).count());
            figures.put("valid_events_in_hot", hot.keySet().stream().filter(validIds::contains).count());
            figures.put("status_counts", new java.util.TreeMap<>(byStatus));
            figures.put("heap_used_after_gc_mb", heapAfterGc >> 20);
            figures.put("violations", violations.size());
            Figures.record("hostile_input", figures);

            assertThat(violations).as("answers that were 5xx, hung, or a 4xx without JSON error").isEmpty();
            assertThat(fuzzed.get()).isEqualTo(REQUESTS);
            // Set differences rather than AssertJ's containsAll, which compares element by element (quadratic).
            assertThat(minus(validIds, warm)).as("valid events missing in the warm store").isEmpty();
            assertThat(minus(validIds, hot.keySet())).as("valid events not searchable in the hot tier").isEmpty();
            assertThat(hot.values()).as("hot hits per valid event").allMatch(n -> n == 1);
            assertThat(heapAfterGc).as("heap used after GC").isLessThan(HEAP_LIMIT_BYTES);
        }
    }

    private void fuzz(RunningServer server, long seed, int count) {
        Mutations mutations = new Mutations(seed, MAX_BODY);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < count; ) { // counts hostile requests; the valid ones come on top
            if (random.nextInt(10) == 0) {
                sendValid(server);
            } else {
                i++;
                Mutations.Request r = mutations.next();
                check(r.kind(), send(server, r.body(), r.contentType(), r.contentEncoding(),
                        r.withKey() ? server.serverKey() : null), r.kind());
                fuzzed.incrementAndGet();
            }
            if (i % 2000 == 0) {
                check("health", send(server, null, null, null, null), "health");
            }
        }
    }

    /** A valid batch of 3 events for client "valid"; retried (same ids) until acknowledged, as a producer would. */
    private void sendValid(RunningServer server) {
        StringBuilder b = new StringBuilder("[");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            b.append(i > 0 ? "," : "").append(RunningServer.event(id, "valid_event", "valid", "\"level_id\":\"arena\""));
        }
        byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 20; attempt++) {
            Object answer = send(server, body, "application/json", null, server.serverKey());
            check("valid", answer, "valid");
            if (answer instanceof HttpResponse<?> r && r.statusCode() == 200) {
                validIds.addAll(ids);
                return;
            }
        }
        violations.add("valid batch never acknowledged");
    }

    /** The response, or the exception when there was none. */
    private Object send(RunningServer server, byte[] body, String contentType, String encoding, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()
                        + (body == null ? "/v1/health" : "/v1/events"))).timeout(Duration.ofSeconds(30))
                .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && !contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private void check(String kind, Object answer, String label) {
        if (!(answer instanceof HttpResponse<?> r)) {
            byStatus.computeIfAbsent(label + ":no-answer", k -> new AtomicLong()).incrementAndGet();
            violations.add(label + ": no answer: " + answer);
            return;
        }
        byStatus.computeIfAbsent(label + ":" + r.statusCode(), k -> new AtomicLong()).incrementAndGet();
        int status = r.statusCode();
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            violations.add(kind + ": status " + status + ": " + abbreviate(String.valueOf(r.body())));
        } else if (status >= 400 && !hasJsonError(String.valueOf(r.body()))) {
            violations.add(kind + ": " + status + " without a JSON error: " + abbreviate(String.valueOf(r.body())));
        }
    }

    private static boolean hasJsonError(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.path("error").isTextual() && !node.path("error").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * Bodies that trickle in (a byte every 50 ms, under the idle timeout: must be answered) and bodies that stall
     * (fewer bytes than Content-Length, then silence: the server must answer 4xx or close, within seconds).
     */
    private int slowBodies(RunningServer server) throws IOException {
        int port = URI.create(server.url()).getPort();
        int count = 0;
        for (int i = 0; i < 5; i++, count += 2) {
            String id = UUID.randomUUID().toString();
            byte[] body = ("[" + RunningServer.event(id, "valid_event", "valid", null) + "]")
                    .getBytes(StandardCharsets.UTF_8);
            String trickled = rawPost(port, server.serverKey(), body, body.length, 50);
            assertThat(trickled).as("a slow but complete body is answered").startsWith("HTTP/1.1 200");
            validIds.add(id);
            String stalled = rawPost(port, server.serverKey(), body, body.length + 500, 0);
            assertThat(stalled).as("a stalled body is answered with 4xx or the connection closed, not a hang")
                    .matches("(?s)(HTTP/1\\.1 4\\d\\d.*|closed)");
            byStatus.computeIfAbsent("stalled:" + stalled.lines().findFirst().orElse(""), k -> new AtomicLong())
                    .incrementAndGet();
        }
        return count;
    }

    /** Sends a POST by hand: {@code body} with {@code pauseMillis} between bytes, claiming {@code contentLength}. */
    private static String rawPost(int port, String key, byte[] body, int contentLength, long pauseMillis)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Length: " + contentLength
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte b : body) {
                out.write(b);
                if (pauseMillis > 0) {
                    out.flush();
                    sleep(pauseMillis);
                }
            }
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readAllBytes();
            return answer.length == 0 ? "closed" : new String(answer, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "hang: no answer in 15 s";
        } catch (java.net.SocketException e) {
            return "closed";
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The event_ids of client "valid" in the warm store, once it holds every valid id (at most 3 minutes). */
    private Set<String> awaitWarm(RunningServer server) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            HttpResponse<String> r = server.postJson("/v1/sql", server.analystKey(),
                    "{\"sql\":\"SELECT event_id FROM events WHERE client_id = 'valid'\"}");
            Set<String> ids = new HashSet<>();
            try {
                for (JsonNode row : JSON.readTree(r.body()).path("rows")) {
                    ids.add(row.get(0).asText());
                }
            } catch (IOException e) {
                throw new AssertionError(r.body(), e);
            }
            if (ids.containsAll(validIds) || System.nanoTime() > deadline) {
                return ids;
            }
            sleep(500);
        }
    }

    /** Hot-tier hits of client "valid", once they cover every valid id (at most 1 minute). */
    private Map<String, Long> awaitHot(RunningServer server) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            Map<String, Long> hits = Tiers.hot(path -> server.get(path, server.analystKey()), List.of("valid"));
            if (hits.keySet().containsAll(validIds) || System.nanoTime() > deadline) {
                return hits;
            }
            sleep(500);
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
