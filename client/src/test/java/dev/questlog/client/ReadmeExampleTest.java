package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ten lines compile and behave as promised with the collector away: the events wait in the spool. */
class ReadmeExampleTest {
    @Test
    void tenLineExample(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String serverKey = "ql_server_example";
        String matchId = "m-1";
        String playerId = "p-1";
        String sessionId = "s-1";
        double x = 78.35;
        double y = 39.19;
        Path spool = dir.resolve("questlog-spool");

        QuestLogClient questlog = QuestLogClient.builder(URI.create("http://localhost:" + port), serverKey)
                .spool(spool, 256L << 20)   // outages and restarts lose nothing
                .build();
        // In the game loop: never blocks, never does I/O.
        questlog.track("match_start", "level_id", "dust_valley", "match_id", matchId, "players", 8);
        questlog.track(questlog.event("player_death").clientId(playerId).sessionId(sessionId)
                .levelId("dust_valley").position(x, y).set("weapon", "rifle").build());
        // At shutdown: returns within the timeout whatever the network does.
        questlog.close(Duration.ofSeconds(5));

        assertThat(questlog.stats().tracked()).isEqualTo(2);
        assertThat(questlog.stats().dropped()).isZero();
        try (var files = Files.list(spool)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".ndjson"))).isNotEmpty();
        }
    }
}
