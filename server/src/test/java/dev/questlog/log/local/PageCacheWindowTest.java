package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The checkpoint's page-cache window: after it, a partition's segments hold no more than the window (plus the edge
 * pages of each segment) in the page cache, measured with util-linux's {@code fincore}; everything still reads back.
 * Needs {@code java.io.tmpdir} on a disk file system (a tmpfs page cannot be dropped: it is the file).
 */
class PageCacheWindowTest {
    private static final String STREAM = "events";
    private static final long WINDOW = 256 << 10;
    private static final long PAGE = 4096;

    @TempDir
    Path tmp;

    @Test
    void aCheckpointLeavesOnlyTheWindowInThePageCacheAndEverythingReadsBack() throws Exception {
        assertThat(PageCache.available()).as("posix_fadvise through JNA on Linux").isTrue();
        // one partition, 1 MiB segments: 6 MiB of records span several, so rolled segments are dropped too
        LogSettings settings = new LogSettings(1, true, 0, 1 << 20, 1 << 20, 3_600_000, 7 * 86_400_000L, 0, 4096,
                8L << 20, Long.MAX_VALUE, Long.MAX_VALUE, WINDOW);
        Path dir = tmp.resolve("log");
        byte[] value = "v".repeat(1000).getBytes(StandardCharsets.UTF_8);
        int count = 6 * 1024;
        try (LocalEventLog log = LocalEventLog.open(settings, dir, new ManualClock(1_700_000_000_000L),
                new SimpleMeterRegistry())) {
            log.ensureStream(STREAM);
            for (int b = 0; b < count / 64; b++) {
                List<LogRecord> records = new ArrayList<>();
                for (int r = 0; r < 64; r++) {
                    records.add(LogRecord.of(new byte[] {(byte) r}, value));
                }
                log.append(STREAM, records).join();
            }
            Path partition = dir.resolve(STREAM).resolve("0");
            assertThat(cachedBytes(partition)).as("written, not yet checkpointed").isGreaterThan(4 * WINDOW);

            log.checkpoint();

            long cached = cachedBytes(partition);
            assertThat(cached).isLessThanOrEqualTo(WINDOW + 2 * PAGE * segments(partition).size());
            assertThat(cached).as("the window itself stays").isGreaterThanOrEqualTo(WINDOW - 2 * PAGE);
            try (LogConsumer c = log.consumer(STREAM, "check", Set.of(0), StartPosition.earliest())) {
                int read = 0;
                while (read < count) {
                    List<ReadRecord> got = c.poll(1000, Duration.ofSeconds(5));
                    assertThat(got).isNotEmpty();
                    for (ReadRecord r : got) {
                        assertThat(r.offset()).isEqualTo(read++);
                        assertThat(r.value()).isEqualTo(value);
                    }
                }
            }
        }
    }

    private static List<Path> segments(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(f -> f.toString().endsWith(".log")).toList();
        }
    }

    /** Bytes of the partition's segment files in the page cache, as {@code fincore} reports them. */
    private static long cachedBytes(Path partition) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--output", "RES"));
        segments(partition).forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().mapToLong(l -> Long.parseLong(l.strip())).sum();
    }
}
