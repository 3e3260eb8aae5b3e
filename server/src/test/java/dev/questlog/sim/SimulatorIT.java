package dev.questlog.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.cli.Main;
import dev.questlog.testkit.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator through the SDK against the real collector, programmatically and as {@code questlog simulate}. */
class SimulatorIT {
    @TempDir
    static Path dir;
    static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyValidEventIsAcceptedOnceAndEveryInvalidOneRejected() {
        long before = server.recordsIn("events");
        SimulationOptions options = SimulationOptions.defaults().withPlayers(40).withRate(4000).withMaxEvents(8000)
                .withSeed(7).withFaults(0.05, 0.02, 0.05).withClockSkew(Duration.ofSeconds(-45));
        SimulationReport r;
        // Three SDK clients per key (uncompressed): a re-sent event still goes through its player's client.
        Target target = Target.of(URI.create(server.url()), server.serverKey(), server.clientKey())
                .withConnections(3).withGzip(false);
        try (Simulator sim = Simulator.overHttp(options, target)) {
            sim.start();
            assertThat(sim.awaitEnd(Duration.ofSeconds(60))).isTrue();
            r = sim.stop(Duration.ofSeconds(30));
        }
        assertThat(r.sent()).isEqualTo(8000);
        assertThat(r.pending()).isZero();
        assertThat(r.dropped()).isZero();
        assertThat(r.invalid()).isPositive();
        assertThat(r.rejected()).isEqualTo(r.invalid());
        assertThat(r.accepted()).isEqualTo(r.sent() - r.invalid());
        assertThat(r.duplicates()).isPositive();
        assertThat(r.recognised()).isEqualTo(r.duplicates());
        assertThat(server.recordsIn("events") - before).isEqualTo(r.accepted() - r.recognised());
    }

    @Test
    void simulateCommandPrintsAReportLineAndWritesTheGroundTruth() throws Exception {
        Path truth = dir.resolve("truth.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("simulate", "--url", server.url(), "--key", server.serverKey(), "--client-key",
                    server.clientKey(), "--players", "30", "--rate", "3000", "--events", "6000", "--seed", "11",
                    "--invalid-rate", "0.01", "--ground-truth", truth.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        JsonNode report = new ObjectMapper().readTree(lines.getLast());
        assertThat(report.get("sent").asLong()).isEqualTo(6000);
        assertThat(report.get("rejected").asLong()).isEqualTo(report.get("invalid").asLong());
        assertThat(report.get("accepted").asLong()).isEqualTo(6000 - report.get("invalid").asLong());

        JsonNode gt = new ObjectMapper().readTree(Files.readString(truth));
        assertThat(gt.get("seed").asLong()).isEqualTo(11);
        long deaths = 0;
        for (JsonNode map : gt.get("maps")) {
            deaths += map.get("deaths").asLong();
            assertThat(map.get("hotspots")).isNotEmpty();
        }
        assertThat(deaths).isPositive();
    }
}
