package dev.questlog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.log.LogReport;
import dev.questlog.log.kafka.KafkaLog;
import dev.questlog.log.local.LocalLog;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./questlog log inspect}: what is in the stream log (the local one without opening it, or Kafka's topics). */
@Command(name = "log", description = "Look at the stream log.", subcommands = LogCommand.Inspect.class)
final class LogCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "inspect", description = "Streams, partitions, offsets, segments, sizes, times and group lag "
            + "of the log under <data_dir>/log, or of the Kafka topics when log.backend is kafka (read-only; safe "
            + "while a server runs).")
    static final class Inspect implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public void run() {
            QuestLogConfig config = options.load();
            LogReport report = "kafka".equals(config.log().backend()) ? KafkaLog.inspect(config.log())
                    : LocalLog.inspect(config.dataDir().resolve("log"));
            if (json) {
                try {
                    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(report));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                print(report, System.out);
            }
        }

        static void print(LogReport report, PrintStream out) {
            out.println("log " + report.location());
            if (report.journal() != null) {
                LogReport.Journal j = report.journal();
                out.printf("  journal: %d file(s) in use (%d bytes), %d spare(s)%s%n", j.files(), j.bytes(),
                        j.spares(), j.files() > 0 ? "; files in use without a running server mean an unclean stop: "
                                + "the next open replays them" : "");
            }
            if (report.streams().isEmpty()) {
                out.println("  (no streams)");
            }
            for (LogReport.Stream s : report.streams()) {
                long records = s.partitions().stream().mapToLong(p -> p.endOffset() - p.startOffset()).sum();
                out.printf("%nstream %s: %d partitions, %d records retained%n", s.name(), s.partitions().size(),
                        records);
                out.printf("  %4s %12s %12s %8s %12s  %-24s  %-24s%n", "part", "start", "end", "segments", "bytes",
                        "oldest", "newest");
                for (LogReport.Partition p : s.partitions()) {
                    out.printf("  %4d %12d %12d %8d %12d  %-24s  %-24s%n", p.partition(), p.startOffset(),
                            p.endOffset(), p.segments(), p.bytes(), time(p.oldestTimestamp()),
                            time(p.newestTimestamp()));
                    if (p.problem() != null) {
                        out.println("       ! " + p.problem());
                    }
                }
                for (LogReport.Group g : s.groups()) {
                    out.printf("  group %s: lag %d (%s)%n", g.name(), g.totalLag(), g.lag().entrySet().stream()
                            .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")));
                }
            }
        }

        private static String time(Long millis) {
            return millis == null ? "-" : Instant.ofEpochMilli(millis).toString();
        }
    }
}
