package dev.questlog.log.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is appending with {@code kill -9} at a random moment, reopens its log, and checks that every
 * acknowledged record is there, intact, at the acknowledged position, and that nothing else is (no phantoms). The
 * same directory goes through several crash/recover rounds.
 */
class LogCrashIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKill9() throws Exception {
        Random rnd = new Random();
        Map<String, Long> acked = new HashMap<>(); // "partition@offset" -> seq
        long nextSeq = 0;
        for (int round = 0; round < 4; round++) {
            int killAfter = 500 + rnd.nextInt(20_000);
            List<String> lines = runAndKill(nextSeq, killAfter, rnd.nextInt(200));
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("ack")) {
                    acked.put(f[2] + "@" + f[3], Long.parseLong(f[1]));
                    nextSeq = Math.max(nextSeq, Long.parseLong(f[1]) + 1);
                }
            }
            nextSeq += 1_000_000; // unacknowledged seqs of the killed run may be in the log: never reuse them
            verify(acked);
        }
    }

    private List<String> runAndKill(long firstSeq, int killAfterAcks, int extraMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LogCrashChild.class.getName(),
                dir.resolve("log").toString(), Long.toString(firstSeq))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("ack") && acks.incrementAndGet() >= killAfterAcks) {
                        enough.countDown();
                    }
                }
            } catch (Exception e) {
                // the pipe closes when the child dies
            }
            enough.countDown();
        });
        assertThat(enough.await(120, TimeUnit.SECONDS)).as("child acknowledged %d appends", killAfterAcks).isTrue();
        Thread.sleep(extraMillis);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
        synchronized (lines) {
            assertThat(lines).as("child started").isNotEmpty();
            return new ArrayList<>(lines);
        }
    }

    private void verify(Map<String, Long> acked) throws Exception {
        Map<String, String> present = new HashMap<>();
        try (EventLog log = LocalLog.open(LogCrashChild.config(), dir.resolve("log"), InstantSource.system())) {
            int partitions = log.partitions(LogCrashChild.STREAM);
            for (int p = 0; p < partitions; p++) {
                long end = log.endOffset(LogCrashChild.STREAM, p);
                long read = 0;
                try (LogConsumer c = log.consumer(LogCrashChild.STREAM, "verify", Set.of(p),
                        StartPosition.earliest())) {
                    while (read < end) {
                        List<ReadRecord> got = c.poll(5000, Duration.ofSeconds(5));
                        assertThat(got).isNotEmpty();
                        for (ReadRecord r : got) {
                            assertThat(r.offset()).isEqualTo(read++);
                            String v = new String(r.value(), StandardCharsets.UTF_8);
                            long seq = Long.parseLong(v.substring(4, v.indexOf('-', 4)));
                            assertThat(v).as("no phantom or damaged record").isEqualTo(LogCrashChild.value(seq));
                            present.put(p + "@" + r.offset(), v);
                        }
                    }
                }
            }
        }
        acked.forEach((pos, seq) -> assertThat(present.get(pos)).as("acknowledged record %d at %s", seq, pos)
                .isEqualTo(LogCrashChild.value(seq)));
    }
}
