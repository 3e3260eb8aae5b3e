package dev.questlog.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.testkit.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./questlog demo}'s traffic: the simulator feeds the running collector until the app closes. */
class DemoTrafficIT {
    @Test
    void feedsTheCollectorAndStopsWithTheApp(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RunningServer server = RunningServer.start(dir)) {
            server.app().startDemoTraffic(new PrintStream(out, true, StandardCharsets.UTF_8));
            var log = server.app().eventLog();
            long events = 0;
            for (int i = 0; i < 300 && events < 500; i++) {
                Thread.sleep(100);
                events = 0;
                for (int p = 0; p < log.partitions("events"); p++) {
                    events += log.endOffset("events", p);
                }
            }
            assertThat(events).isGreaterThanOrEqualTo(500);
            assertThat(server.app().apps().app(DemoTraffic.APP)).isPresent();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Demo keys: server ql_server_");
    }
}
