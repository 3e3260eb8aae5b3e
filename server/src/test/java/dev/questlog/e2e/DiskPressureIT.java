package dev.questlog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk pressure on a real, small file system: the data directory lives on a tmpfs the test mounts (so it needs root,
 * which the build machine has; elsewhere the test is skipped). A ballast file fills the disk below
 * {@code ingest.min_free_disk_bytes}: the collector answers 503 with Retry-After and a JSON error, acknowledges
 * nothing, and keeps serving what it already has; once the ballast is deleted it accepts again by itself, and every
 * event acknowledged before and after is in the warm store exactly once.
 */
@Tag("e2e")
class DiskPressureIT {
    private static final long DISK_BYTES = 384L << 20;
    private static final long MIN_FREE_BYTES = 128L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aNearlyFullDiskRefusesWith503AndRecoversByItself() throws Exception {
        Path mount = tmp.resolve("disk");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", mount.toString()),
                "needs to mount a tmpfs (root)");
        try {
            pressureAndRecovery(mount);
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private void pressureAndRecovery(Path mount) throws Exception {
        List<String> acked = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (RunningServer s = RunningServer.start(mount.resolve("data"), Map.of("lake.batch.max_age", "1s",
                "warehouse.load.max_age", "1s", "ingest.client_rate_per_second", "0", "log.segment.bytes", "4MB",
                "ingest.min_free_disk_bytes", Long.toString(MIN_FREE_BYTES)), InstantSource.system())) {
            for (int i = 0; i < 20; i++) {
                assertThat(post(s, acked).statusCode()).isEqualTo(200);
            }
            awaitWarm(s, acked);

            Path ballast = mount.resolve("ballast");
            fill(ballast, Files.getFileStore(mount).getUsableSpace() - MIN_FREE_BYTES / 2);
            Thread.sleep(300); // the collector looks at the disk at most every 100 ms
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = post(s, null);
                assertThat(r.statusCode()).as("on a nearly full disk: %s", r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(JSON.readTree(r.body()).path("error").asText()).contains("disk");
                refused++;
            }
            assertThat(s.get("/v1/health", null).statusCode()).as("health answers under disk pressure").isIn(200, 503);
            assertThat(warm(s)).as("what was acknowledged before is intact and still served")
                    .hasSize(acked.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));

            Files.delete(ballast);
            Thread.sleep(300);
            for (int i = 0; i < 20; i++) {
                assertThat(post(s, acked).statusCode()).as("accepts again once space returns").isEqualTo(200);
            }
            Map<String, Long> warm = awaitWarm(s, acked);
            assertThat(warm.keySet()).isEqualTo(new java.util.HashSet<>(acked)); // Set equality: AssertJ's element-wise compare is quadratic
            assertThat(warm.values()).allMatch(n -> n == 1);
            figures.put("acknowledged", acked.size());
            figures.put("refused_503_while_full", refused);
            figures.put("warm_after_recovery", warm.size());
            figures.put("lost", acked.stream().filter(id -> !warm.containsKey(id)).count());
            figures.put("duplicated", warm.values().stream().filter(n -> n > 1).count());
        }
        Figures.record("disk_pressure", figures);
    }

    /** Posts 10 valid events; when {@code acked} is given and the answer is 200, adds their ids to it. */
    private static HttpResponse<String> post(RunningServer s, List<String> acked) {
        List<String> ids = new ArrayList<>();
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            b.append(i > 0 ? "," : "").append(RunningServer.event(id, "player_death", "disk-" + i, null));
        }
        HttpResponse<String> r = s.postJson("/v1/events", s.serverKey(), b.append(']').toString());
        if (acked != null && r.statusCode() == 200) {
            acked.addAll(ids);
        }
        return r;
    }

    private static Map<String, Long> warm(RunningServer s) throws IOException {
        HttpResponse<String> r = s.postJson("/v1/sql", s.analystKey(),
                "{\"sql\":\"SELECT event_id, count(*) FROM events GROUP BY event_id\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode row : JSON.readTree(r.body()).path("rows")) {
            counts.put(row.get(0).asText(), row.get(1).asLong());
        }
        return counts;
    }

    private static Map<String, Long> awaitWarm(RunningServer s, List<String> acked) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<String, Long> counts = warm(s);
        while (!counts.keySet().containsAll(acked) && System.nanoTime() < deadline) {
            Thread.sleep(300);
            counts = warm(s);
        }
        assertThat(counts.keySet()).as("warm holds every acknowledged event").containsAll(acked);
        return counts;
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
