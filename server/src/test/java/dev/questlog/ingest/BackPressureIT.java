package dev.questlog.ingest;

import static dev.questlog.testkit.RunningServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.RunningServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back-pressure and abuse: the collector refuses with 429/503 + Retry-After, and never hangs on a stalled body. */
class BackPressureIT {
    @TempDir
    Path dir;

    @Test
    void aNearlyFullDiskIsAnswered503WithRetryAfterAndNothingIsAppended() {
        try (RunningServer s = RunningServer.start(dir, Map.of("ingest.min_free_disk_bytes", "1000000GiB"),
                InstantSource.system())) {
            HttpResponse<String> r = s.postJson("/v1/events", s.serverKey(), "[" + event("login", "p", "") + "]");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(r.body()).contains("disk");
            assertThat(s.app().eventLog().endOffset(Collector.EVENTS, 0) + s.app().eventLog().endOffset(Collector.EVENTS, 1))
                    .isZero();
            assertThat(s.get("/metrics", null).body()).contains("questlog_ingest_refused_total{status=\"503\"}");
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitGet429AndAStalledBodyTimesOut() throws Exception {
        try (RunningServer s = RunningServer.start(dir, Map.of("ingest.max_inflight_requests", "1",
                "ingest.idle_timeout", "3s"), InstantSource.system());
             Socket stalled = new Socket("127.0.0.1", s.app().port())) {
            String body = "[" + event("login", "p", "") + "]";
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.serverKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[").getBytes(StandardCharsets.UTF_8));
            out.flush();

            for (int i = 0; i < 500 && !s.get("/metrics", null).body().contains("questlog_ingest_inflight_requests 1"); i++) {
                Thread.sleep(10);
            }
            HttpResponse<String> refused = s.postJson("/v1/events", s.serverKey(), body);
            assertThat(refused.statusCode()).as("the stalled request holds the only slot").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            stalled.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            InputStream in = stalled.getInputStream();
            byte[] answer = in.readAllBytes();  // the server ends the stalled request: no hang
            assertThat(new String(answer, StandardCharsets.UTF_8)).satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));

            HttpResponse<String> after = null;
            for (int i = 0; i < 100; i++) {
                after = s.postJson("/v1/events", s.serverKey(), body);
                if (after.statusCode() == 200) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(after.statusCode()).as("the slot is free again").isEqualTo(200);
        }
    }
}
