package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.ManualClock;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose force fails never lets a later checkpoint retire the journal (a failed fsync is not retried),
 * and the next open replays every acknowledged record from it. The failure is made by moving the partition's
 * directory away while rolled segments wait for the checkpoint's directory fsync.
 */
class CheckpointFailureTest {
    private static final String STREAM = "events";
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @TempDir
    Path tmp;

    /** One partition, 16 KiB segments (so appends roll), 64 KiB journal files, checkpoints only when called. */
    private static LogSettings settings() {
        return new LogSettings(1, true, 0, 1 << 20, 16 << 10, 3_600_000, 7 * 86_400_000L, 0, 1024, 1 << 16,
                Long.MAX_VALUE, Long.MAX_VALUE, 8 << 10);
    }

    @Test
    void afterAFailedCheckpointTheJournalIsKeptAndTheNextOpenReplaysIt() throws Exception {
        Path dir = tmp.resolve("log");
        List<String> written = new ArrayList<>();
        try (LocalEventLog log = LocalEventLog.open(settings(), dir, clock, new SimpleMeterRegistry())) {
            log.ensureStream(STREAM);
            append(log, 0, 40, written);
            Path partition = dir.resolve(STREAM).resolve("0");
            Path moved = dir.resolve(STREAM).resolve("0.moved");
            Files.move(partition, moved);
            assertThatThrownBy(log::checkpoint).isInstanceOf(IOException.class);
            Files.move(moved, partition);
            long journalFiles = journalFiles(dir);

            append(log, 40, 40, written);
            assertThatThrownBy(log::checkpoint).hasMessageContaining("an earlier checkpoint");
            assertThat(journalFiles(dir)).as("no journal file retired").isGreaterThanOrEqualTo(journalFiles);
        }
        try (LocalEventLog log = LocalEventLog.open(settings(), dir, clock, new SimpleMeterRegistry());
             LogConsumer c = log.consumer(STREAM, "check", Set.of(0), StartPosition.earliest())) {
            List<String> read = new ArrayList<>();
            while (read.size() < written.size()) {
                List<ReadRecord> got = c.poll(1000, Duration.ofSeconds(5));
                assertThat(got).isNotEmpty();
                for (ReadRecord r : got) {
                    assertThat(r.offset()).isEqualTo(read.size());
                    read.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(read).isEqualTo(written);
            assertThat(log.endOffset(STREAM, 0)).isEqualTo(written.size());
        }
    }

    /** Appends {@code batches} batches of 10 records of ~300 bytes, numbered from {@code first}. */
    private static void append(LocalEventLog log, int first, int batches, List<String> written) {
        for (int b = first; b < first + batches; b++) {
            List<LogRecord> records = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                String v = "b" + b + "r" + r + "-" + "x".repeat(300);
                records.add(LogRecord.of(new byte[] {1}, v.getBytes(StandardCharsets.UTF_8)));
                written.add(v);
            }
            log.append(STREAM, records).join();
        }
    }

    private static long journalFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(LocalEventLog.JOURNAL_DIR))) {
            return files.filter(f -> f.toString().endsWith(".journal")).count();
        }
    }
}
