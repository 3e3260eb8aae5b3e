package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.RunningServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer SDK against the real collector (started in-process by the test kit). */
class QuestLogClientIT {
    /** Makes every ingest request answer 503 + Retry-After: the "disk" never has a petabyte free. */
    private static final Map<String, String> REFUSE_ALL = Map.of("ingest.min_free_disk_bytes", "1000000000000000");
    private static final RetryPolicy QUICK = new RetryPolicy(50, Duration.ofMillis(50), Duration.ofMillis(500), 0.5);

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> onPort(int port, Map<String, String> more) {
        var all = new java.util.HashMap<>(more);
        all.put("server.port", Integer.toString(port));
        return all;
    }

    /**
     * Builds once the previous client's sender has released the spool: close returns within its timeout, but on a
     * loaded machine the sender may still be writing its leftovers (with an fsync) for a moment after.
     */
    private static QuestLogClient whenSpoolFree(QuestLogClient.Builder builder) throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                return builder.build();
            } catch (IllegalStateException e) {
                if (i >= 200 || !String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void deliversBatchesAndReportsPartialRejectionsWithoutRetryingThem() {
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        try (RunningServer server = RunningServer.start(dir.resolve("data"));
             QuestLogClient client = QuestLogClient.builder(URI.create(server.url()), server.serverKey())
                     .listener(new DeliveryListener() {
                         @Override
                         public void onRejected(List<Rejection> r) {
                             rejections.addAll(r);
                         }
                     }).build()) {
            for (int i = 0; i < 20; i++) {
                client.track("player_death", "client_id", "p" + i, "level_id", "dust_valley", "position_x", i * 1.5,
                        "position_y", 2.0);
            }
            ClientEvent badType = client.track(client.event("player death").set("client_id", "p1").build());
            ClientEvent badPosition = client.track("player_death", "client_id", "p2", "position_x", "north");
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

            ClientStats s = client.stats();
            assertThat(s.accepted()).isEqualTo(20);
            assertThat(s.rejected()).isEqualTo(2);
            assertThat(s.retried()).isZero();
            assertThat(s.sent()).isEqualTo(22);
            assertThat(rejections).extracting(Rejection::eventId)
                    .containsExactlyInAnyOrder(badType.eventId().toString(), badPosition.eventId().toString());
            assertThat(rejections).extracting(Rejection::reason).anyMatch(r -> r.contains("event_type"))
                    .anyMatch(r -> r.contains("position_x"));
            assertThat(server.recordsIn("events")).isEqualTo(20);
        }
    }

    @Test
    void aBatchWithNothingValidAndABadKeyAreRefusedForGoodNotRetried() {
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        DeliveryListener collect = new DeliveryListener() {
            @Override
            public void onRejected(List<Rejection> r) {
                rejections.addAll(r);
            }
        };
        try (RunningServer server = RunningServer.start(dir.resolve("data"));
             QuestLogClient client = QuestLogClient.builder(URI.create(server.url()), server.serverKey())
                     .listener(collect).build();
             QuestLogClient badKey = QuestLogClient.builder(URI.create(server.url()), "ql_server_nonsense")
                     .listener(collect).build()) {
            client.track("bad type!", "client_id", "p1");
            client.track("player_death", "client_id", "p1", "position_y", "up");
            badKey.track("login", "client_id", "p2");
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(badKey.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(client.stats().rejected()).isEqualTo(2);
            assertThat(badKey.stats().rejected()).isEqualTo(1);
            assertThat(client.stats().retried() + badKey.stats().retried()).isZero();
            assertThat(rejections).extracting(Rejection::reason).anyMatch(r -> r.contains("event_type"))
                    .anyMatch(r -> r.contains("position_y")).anyMatch(r -> r.startsWith("HTTP 401"));
            assertThat(server.recordsIn("events")).isZero();
        }
    }

    @Test
    void retriesAfter429HonouringRetryAfterUntilEverythingIsAccepted() {
        // A client key may send 20 events per client_id per second: 60 events take three seconds' worth of tokens.
        Map<String, String> limited = Map.of("ingest.client_rate_per_second", "20", "ingest.client_rate_burst", "20");
        try (RunningServer server = RunningServer.start(dir.resolve("data"), limited, InstantSource.system());
             QuestLogClient client = QuestLogClient.builder(URI.create(server.url()), server.clientKey())
                     .maxBatchEvents(10).linger(Duration.ZERO).retry(QUICK).build()) {
            for (int i = 0; i < 60; i++) {
                client.track("combat_hit", "client_id", "player-1", "damage", i);
            }
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            ClientStats s = client.stats();
            assertThat(s.accepted()).isEqualTo(60);
            assertThat(s.dropped()).isZero();
            assertThat(s.retried()).isPositive();
            assertThat(server.recordsIn("events")).isEqualTo(60);
        }
    }

    @Test
    void retriesAfter503AndDeliversOnceTheServerCanTakeEventsAgain() throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        String key;
        QuestLogClient client;
        try (RunningServer refusing = RunningServer.start(data, onPort(port, REFUSE_ALL), InstantSource.system())) {
            key = refusing.serverKey();
            client = QuestLogClient.builder(URI.create(refusing.url()), key).retry(QUICK).linger(Duration.ZERO)
                    .build();
            for (int i = 0; i < 30; i++) {
                client.track("match_start", "client_id", "gs-1", "n", i);
            }
            assertThat(client.flush(Duration.ofMillis(1500))).as("nothing can be delivered while refused").isFalse();
            assertThat(client.stats().sent()).as("the collector was asked and refused").isPositive();
            assertThat(client.stats().accepted()).isZero();
        }
        try (RunningServer healthy = RunningServer.start(data, onPort(port, Map.of()), InstantSource.system())) {
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(client.stats().accepted()).isEqualTo(30);
            assertThat(client.stats().retried()).isPositive();
            assertThat(client.stats().dropped()).isZero();
            assertThat(healthy.recordsIn("events")).isEqualTo(30);
            client.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void spooledEventsSurviveAnOutageAndARestartOfTheProducer() throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        Path spool = dir.resolve("spool");
        String key;
        try (RunningServer first = RunningServer.start(data, onPort(port, Map.of()), InstantSource.system())) {
            key = first.serverKey();
        }
        // The collector is down: the producer spools what it cannot deliver and shuts down.
        QuestLogClient before = QuestLogClient.builder(URI.create("http://127.0.0.1:" + port), key).retry(QUICK)
                .spool(spool, 64L << 20).linger(Duration.ZERO).build();
        for (int i = 0; i < 40; i++) {
            before.track("session_start", "client_id", "p" + i, "session_id", "s" + i);
        }
        assertThat(before.close(Duration.ofSeconds(1))).isFalse();
        assertThat(before.stats().dropped()).isZero();
        // Both are back: a new producer on the same spool replays the backlog.
        try (RunningServer second = RunningServer.start(data, onPort(port, Map.of()), InstantSource.system());
             QuestLogClient after = whenSpoolFree(QuestLogClient.builder(
                     URI.create(second.url()), key).retry(QUICK).spool(spool, 64L << 20))) {
            after.track("session_start", "client_id", "late-joiner");
            assertThat(after.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(after.stats().replayed()).isEqualTo(40);
            assertThat(after.stats().accepted()).isEqualTo(41);
            assertThat(after.stats().spooledBatches()).isZero();
            assertThat(second.recordsIn("events")).isEqualTo(41);
        }
    }

    @Test
    void closeReturnsWithinItsTimeoutWhileTheServerRefusesEverything() {
        try (RunningServer refusing = RunningServer.start(dir.resolve("data"), REFUSE_ALL, InstantSource.system())) {
            // Left alone, 100 attempts backing off to 30 s would take most of an hour.
            QuestLogClient client = QuestLogClient.builder(URI.create(refusing.url()), refusing.serverKey())
                    .retry(new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5))
                    .linger(Duration.ZERO).build();
            for (int i = 0; i < 100; i++) {
                client.track("match_end", "client_id", "gs-1");
            }
            long start = System.nanoTime();
            assertThat(client.close(Duration.ofMillis(500))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(client.stats().dropped()).isEqualTo(100);
            assertThat(client.stats().accepted()).isZero();
        }
    }
}
