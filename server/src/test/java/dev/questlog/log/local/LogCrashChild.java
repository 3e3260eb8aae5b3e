package dev.questlog.log.local;

import dev.questlog.config.LogConfig;
import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child process of {@link LogCrashIT}: appends from several threads until killed and prints
 * {@code ack <seq> <partition> <offset>} for every record once its append is acknowledged (durable).
 */
public final class LogCrashChild {
    static final String STREAM = "events";

    private LogCrashChild() {
    }

    static LogConfig config() {
        return new LogConfig("local", 3, "group", Duration.ofMillis(1), 1 << 20, 256 << 10, Duration.ofHours(1),
                Duration.ofDays(7), 0);
    }

    /** The value of record {@code seq}: recognisable and self-checking. */
    static String value(long seq) {
        return "rec-" + seq + "-" + "v".repeat((int) (seq * 7919 % 300));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long firstSeq = Long.parseLong(args[1]);
        EventLog log = LocalLog.open(config(), dir, InstantSource.system());
        log.ensureStream(STREAM);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AtomicLong seq = new AtomicLong(firstSeq);
        out.println("ready");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    int n = 1 + (int) (seq.get() % 17);
                    long first = seq.getAndAdd(n);
                    List<LogRecord> records = new ArrayList<>();
                    for (long s = first; s < first + n; s++) {
                        records.add(LogRecord.of(("key-" + (s % 11)).getBytes(StandardCharsets.UTF_8),
                                value(s).getBytes(StandardCharsets.UTF_8)));
                    }
                    List<Appended> acks = log.append(STREAM, records).join();
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        sb.append("ack ").append(first + i).append(' ').append(acks.get(i).partition()).append(' ')
                                .append(acks.get(i).offset()).append('\n');
                    }
                    synchronized (out) {
                        out.print(sb);
                        out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
