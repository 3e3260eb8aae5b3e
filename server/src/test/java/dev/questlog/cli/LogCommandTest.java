package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.StartPosition;
import dev.questlog.log.local.LocalLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {
    @TempDir
    Path dataDir;

    private String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void fill() throws Exception {
        LogConfig config = new LogConfig("local", 2, "group", Duration.ZERO, 1 << 20, 64 << 10, Duration.ofHours(1),
                Duration.ofDays(7), 0);
        try (EventLog log = LocalLog.open(config, dataDir.resolve("log"), InstantSource.system())) {
            log.ensureStream("events");
            for (int i = 0; i < 30; i++) {
                log.append("events", java.util.List.of(LogRecord.of(("k" + i).getBytes(StandardCharsets.UTF_8),
                        "v".getBytes(StandardCharsets.UTF_8)))).join();
            }
            try (LogConsumer c = log.consumer("events", "lake", Set.of(0, 1), StartPosition.earliest())) {
                c.commit(Map.of(0, 1L));
            }
        }
    }

    @Test
    void inspectPrintsPartitionsAndGroupLag() throws Exception {
        fill();
        String out = run("log", "inspect", "--data-dir", dataDir.toString());
        assertThat(out).contains("stream events: 2 partitions, 30 records retained").contains("group lake: lag 29")
                .contains("journal: 0 file(s) in use (0 bytes), 2 spare(s)");
    }

    @Test
    void inspectJsonHasOffsetsTimesAndLag() throws Exception {
        fill();
        JsonNode report = new ObjectMapper().readTree(run("log", "inspect", "--json", "--data-dir",
                dataDir.toString()));
        JsonNode events = report.get("streams").get(0);
        assertThat(events.get("name").asText()).isEqualTo("events");
        long records = 0;
        for (JsonNode p : events.get("partitions")) {
            records += p.get("endOffset").asLong() - p.get("startOffset").asLong();
            assertThat(p.get("segments").asInt()).isEqualTo(1);
            assertThat(p.get("newestTimestamp").asLong()).isGreaterThanOrEqualTo(p.get("oldestTimestamp").asLong());
        }
        assertThat(records).isEqualTo(30);
        assertThat(events.get("groups").get(0).get("totalLag").asLong()).isEqualTo(29);
        assertThat(report.get("journal").get("files").asInt()).as("a clean close retires every journal file")
                .isZero();
    }

    @Test
    void inspectOfAnEmptyDataDirSaysSo() {
        assertThat(run("log", "inspect", "--data-dir", dataDir.toString())).contains("(no streams)");
    }
}
