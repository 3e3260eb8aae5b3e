package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour that needs no server: an address where nothing listens, and a peer that accepts connections and never
 * answers (a network condition, not a stand-in for QuestLog). Tests against the real collector are in the server
 * module ({@code QuestLogClientIT}).
 */
class QuestLogClientTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0);

    @TempDir
    Path dir;

    private static URI nowhere() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    /**
     * Builds once the previous client's sender has released the spool: close returns within its timeout, but on a
     * loaded machine the sender may still be writing its leftovers (with an fsync) for a moment after.
     */
    static QuestLogClient whenSpoolFree(QuestLogClient.Builder builder) throws InterruptedException {
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
    void sequenceNumbersArePerSessionAndKeptOnResend() throws Exception {
        try (QuestLogClient c = QuestLogClient.builder(nowhere(), "k").retry(FAST)
                .closeTimeout(Duration.ofMillis(300)).build()) {
            ClientEvent a1 = c.track("x", "session_id", "a");
            ClientEvent b1 = c.track("x", "session_id", "b");
            ClientEvent a2 = c.track("x", "session_id", "a");
            ClientEvent none = c.track("x");
            assertThat(List.of(a1.seq(), b1.seq(), a2.seq(), none.seq())).containsExactly(1L, 1L, 2L, 1L);
            assertThat(c.track(a1).seq()).isEqualTo(1);
            c.track("session_end", "session_id", "a");
            assertThat(c.track("session_start", "session_id", "a").seq()).isEqualTo(1);
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAndReportsTheDrop() throws Exception {
        List<String> dropped = new CopyOnWriteArrayList<>();
        try (QuestLogClient c = QuestLogClient.builder(nowhere(), "k").retry(FAST).linger(Duration.ZERO)
                .listener(new DeliveryListener() {
                    @Override
                    public void onDropped(List<String> ids, String reason) {
                        dropped.addAll(ids);
                    }
                }).build()) {
            ClientEvent e = c.track("x");
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(dropped).containsExactly(e.eventId().toString());
            ClientStats s = c.stats();
            assertThat(s.dropped()).isEqualTo(1);
            assertThat(s.sent()).isEqualTo(3);
            assertThat(s.retried()).isEqualTo(2);
        }
    }

    @Test
    void fullQueueDropsWithoutBlocking() throws Exception {
        RetryPolicy slow = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
        QuestLogClient c = QuestLogClient.builder(nowhere(), "k").queueCapacity(10).retry(slow)
                .overflow(OverflowPolicy.DROP_NEWEST).linger(Duration.ZERO).maxBatchEvents(5).build();
        for (int i = 0; i < 1000; i++) {
            c.track("x");
        }
        // At most the queue (10), one batch (5) and one event carried over to the next batch escape the drop.
        assertThat(c.stats().tracked()).isEqualTo(1000);
        assertThat(c.stats().dropped()).isGreaterThanOrEqualTo(1000 - 10 - 5 - 1);
        // The last 250 ms of close are the sender's to wind down; on a loaded machine it needs some of them.
        c.close(Duration.ofSeconds(2));
        assertThat(c.stats().dropped()).isEqualTo(1000);
    }

    @Test
    void closeReturnsWithinItsTimeoutWhenThePeerNeverAnswers() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept());
                    }
                } catch (Exception e) {
                    // socket closed: done
                }
            });
            QuestLogClient c = QuestLogClient.builder(URI.create("http://127.0.0.1:" + blackHole.getLocalPort()), "k")
                    .requestTimeout(Duration.ofMinutes(5)).linger(Duration.ZERO).build();
            c.track("x");
            long start = System.nanoTime();
            boolean settled = c.close(Duration.ofMillis(500));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(settled).isFalse();
            // Left alone, the request would wait its 5-minute timeout; any bound far below that shows the abandon.
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            assertThat(c.stats().dropped()).isEqualTo(1);
            blackHole.close();
            acceptor.join();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void closeSpoolsWhatItCouldNotDeliverAndTheNextClientReplaysIt() throws Exception {
        URI url = nowhere();
        Path spool = dir.resolve("spool");
        QuestLogClient first = QuestLogClient.builder(url, "k").retry(FAST).spool(spool, 1 << 20).build();
        for (int i = 0; i < 5; i++) {
            first.track("x", "i", i);
        }
        assertThat(first.close(Duration.ofSeconds(1))).isFalse();
        assertThat(first.stats().dropped()).isZero();
        try (QuestLogClient second = whenSpoolFree(QuestLogClient.builder(url, "k").retry(FAST)
                .spool(spool, 1 << 20).closeTimeout(Duration.ofMillis(300)))) {
            try (var files = Files.list(spool)) {
                assertThat(files.filter(p -> p.toString().endsWith(".ndjson")).count()).isPositive();
            }
            assertThat(second.stats().spooledBatches()).isPositive();
        }
    }
}
