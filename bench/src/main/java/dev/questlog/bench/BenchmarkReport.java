package dev.questlog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Renders LogBench results as a Markdown section and puts it into BENCHMARKS.md. */
final class BenchmarkReport {
    private BenchmarkReport() {
    }

    static String section(Map<String, List<LogBench.Measurement>> results, int runs, int batch, long warmupMillis,
                          long measureMillis, String args, String load, String probe) {
        StringBuilder s = new StringBuilder("## Stream (log)\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s on %s; %s (other work shared the machine). Median of %d "
                        + "runs; each scenario %d s after %d s of warm-up.%n%n", LocalDate.now(ZoneOffset.UTC),
                machine(), load, runs, measureMillis / 1000, warmupMillis / 1000));
        s.append("Disk: " + probe + ".\n\n");
        s.append(String.format(Locale.ROOT, "Records: %d-byte values, 13-byte keys over %,d players, 8 partitions; "
                + "each append call carries %d records and the appender waits for its acknowledgement before the "
                + "next (closed loop). MB/s counts value bytes.%n%n", AppendLoad.VALUE_BYTES, AppendLoad.PLAYERS,
                batch));
        s.append("| system | appenders | records/s | MB/s | p50 append ms | p99 append ms |\n");
        s.append("|---|---:|---:|---:|---:|---:|\n");
        results.forEach((name, ms) -> {
            for (int i = 0; i < LogBench.APPENDERS.length; i++) {
                int k = i;
                double rate = median(ms, m -> m.appendRate()[k]);
                s.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %.2f | %.2f |%n", name,
                        LogBench.APPENDERS[i], rate, rate * AppendLoad.VALUE_BYTES / 1e6,
                        median(ms, m -> m.p50()[k]), median(ms, m -> m.p99()[k])));
            }
        });
        s.append("\n| system | paced at ½ peak: records/s | p50 ms | p99 ms | read records/s | time seek p50 ms "
                + "| time seek p99 ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        results.forEach((name, ms) -> s.append(String.format(Locale.ROOT,
                "| %s | %,.0f | %.2f | %.2f | %,.0f | %.3f | %.3f |%n", name,
                median(ms, LogBench.Measurement::pacedRate),
                median(ms, LogBench.Measurement::pacedP50), median(ms, LogBench.Measurement::pacedP99),
                median(ms, LogBench.Measurement::readRate), median(ms, LogBench.Measurement::seekP50),
                median(ms, LogBench.Measurement::seekP99))));
        s.append("""

                How to read it, and what differs between the systems:
                - *QuestLog (fsync group)* acknowledges an append after the log's write-ahead journal made it \
                durable (group commit: each partition's round is written to its segment without fsync, then the \
                rounds of all partitions waiting together go to the journal in one `O_DIRECT | O_DSYNC` write; a \
                checkpoint forces the segments every 16 MiB of journal; `max_delay` 0, `max_bytes` 4 MiB; see \
                docs/log-format.md). *Kafka (flush.messages=1)* is the closest \
                Kafka setting: the topic's `flush.messages=1` makes the broker flush the partition's log after \
                each append, inside the produce request and before it answers (`acks=all`, one replica), so an \
                fsync is never shared between requests; with records of 8 partitions in each request that is 8 \
                flushes per request. *fsync none* and *Kafka default* acknowledge from the page cache (not \
                durable against power loss; Kafka relies on replication for that).
                - Every append of 100 records touches all 8 partitions; with the journal it waits for the one or \
                two synchronous journal writes that hold its 8 rounds, not for 8 fsyncs: the tail latencies follow \
                the disk's write tail (see the probe above).
                - Kafka runs as a single-node KRaft broker (broker + controller) in a child JVM (`-Xmx2g`, G1) from \
                the Maven Central jars; the producer (one shared `KafkaProducer`, idempotent, `acks=all`, \
                `linger.ms=2`, 1 MiB batches, no compression) and consumer run in the benchmark JVM, talking over \
                loopback TCP. QuestLog runs in the benchmark JVM with no network hop: that is the product's \
                embedded mode, and part of what is compared. Both share the machine's 2 cores with the load \
                generator.
                - Paced: 64 appenders' schedules (one append of 100 records each per period) at half of the \
                system's own best closed-loop rate, sent without blocking by 4 sender threads (as the ingest \
                collector appends: it completes requests from the append's future); latency counts from the \
                scheduled send time to the acknowledgement (no coordinated omission).
                - Read: one consumer reads everything written in the run from the start of all partitions. Time \
                seek: `offsetForTimestamp` (QuestLog, in-process) vs `offsetsForTimes` (Kafka, a broker round trip) \
                for random times inside the run, random partitions.
                """);
        if (results.keySet().stream().anyMatch(n -> n.startsWith("QuestLog log.kafka"))) {
            s.append("- *QuestLog log.kafka* is QuestLog's Kafka backend (`log.backend: kafka`, the `EventLog` the "
                    + "pipeline uses) on the same broker as *Kafka default*, with the topics it creates itself "
                    + "(CreateTime stamps): idempotent producer, `acks=all`, `linger.ms` = "
                    + "`log.group_commit.max_delay` (0), the client's default 16 KiB batches; the difference to "
                    + "*Kafka default* is what the backend costs or saves.\n");
        }
        s.append("\nReproduce: `bench/run-log-bench.sh").append(args.isBlank() ? "" : " " + args).append("`\n");
        return s.toString();
    }

    private static double median(List<LogBench.Measurement> ms, ToDoubleFunction<LogBench.Measurement> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** fdatasync latency of this disk right now: 200 appends of 256 KiB, each followed by a force. */
    static String fsyncProbe(Path dir) {
        try {
            Path f = Files.createTempFile(dir, "fsync-probe", ".bin");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                    java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(256 << 10);
                org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(60_000_000_000L, 3);
                for (int i = 0; i < 200; i++) {
                    buf.clear();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    long t0 = System.nanoTime();
                    ch.force(false);
                    h.recordValue(System.nanoTime() - t0);
                }
                return String.format(Locale.ROOT, "`FileChannel.force(false)` after appending 256 KiB in the scratch "
                                + "directory, before the runs: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms",
                        h.getValueAtPercentile(50) / 1e6,
                        h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            return "fsync probe failed: " + e;
        }
    }

    /** CPU time used by this process so far, in ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The 1/5/15-minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The machine line every BENCHMARKS.md section starts with. */
    static String machine() {
        String cpu = "unknown CPU";
        long ramKib = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    ramKib = Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what we have
        }
        return String.format(Locale.ROOT, "%d cores (nproc; %s), %.0f GiB RAM, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpu, ramKib / 1048576.0,
                System.getProperty("java.vm.name"), Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    /** Replaces (or appends) the section starting with {@code heading} up to the next "## " heading. */
    static void writeSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
                : "# QuestLog benchmarks\n\nEvery number here was produced by the command under it, on the machine "
                        + "it names.\n\n";
        int at = text.indexOf(heading + "\n");
        if (at < 0) {
            text = text.endsWith("\n\n") ? text + section : text + "\n" + section;
        } else {
            int next = text.indexOf("\n## ", at + heading.length());
            text = text.substring(0, at) + section + (next < 0 ? "" : text.substring(next + 1));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
