package dev.questlog.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JDK Flight Recorder file of the server JVM: the shares of CPU execution samples and of sampled
 * allocation bytes per pipeline step (parse, duplicate filter, enrich, append, HTTP server, …), and the GC pauses.
 * A sample goes to the step of the innermost frame of its stack that a rule below matches (the JDK and library
 * frames above it, e.g. Jackson's, count for the QuestLog or Jetty code that called them).
 */
final class Profile {
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("dev.questlog.ingest.DuplicateFilter", "collector: duplicate filter");
        RULES.put("dev.questlog.ingest.IdSet", "collector: duplicate filter");
        RULES.put("dev.questlog.ingest.SchemaRegistry", "collector: schema validation");
        RULES.put("dev.questlog.event.", "collector: parse + validate (event package)");
        RULES.put("dev.questlog.ingest.Enrichment", "collector: enrich + encode stored event");
        RULES.put("dev.questlog.ingest.BodyDecoder", "collector: read body");
        RULES.put("dev.questlog.log.", "log: encode + append + write + fsync");
        RULES.put("dev.questlog.ingest.", "collector: other");
        RULES.put("io.micrometer", "metrics");
        RULES.put("org.eclipse.jetty", "HTTP server (Jetty/Javalin)");
        RULES.put("io.javalin", "HTTP server (Jetty/Javalin)");
        RULES.put("jdk.jfr", "JFR (the profiler itself)");
    }

    private static final String OTHER = "other (JDK threads, no QuestLog/Jetty frame)";

    /** Step → share (0..1), largest first, of CPU samples and of allocated bytes; GC pause totals. */
    record Summary(Map<String, Double> cpu, Map<String, Double> allocation, int cpuSamples, long gcCount,
                   double gcPauseMillis, double seconds) {
    }

    private Profile() {
    }

    static Summary of(Path jfr) throws IOException {
        Map<String, Double> cpu = new TreeMap<>();
        Map<String, Double> alloc = new TreeMap<>();
        int samples = 0;
        long gcs = 0;
        double pauseMillis = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            first = Math.min(first, e.getStartTime().toEpochMilli());
            last = Math.max(last, e.getEndTime().toEpochMilli());
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    cpu.merge(step(e.getStackTrace()), 1.0, Double::sum);
                    samples++;
                }
                case "jdk.ObjectAllocationSample" -> alloc.merge(step(e.getStackTrace()),
                        (double) e.getLong("weight"), Double::sum);
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    pauseMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
                }
                default -> {
                }
            }
        }
        return new Summary(shares(cpu), shares(alloc), samples, gcs, pauseMillis, (last - first) / 1e3);
    }

    private static Map<String, Double> shares(Map<String, Double> counts) {
        double total = Math.max(1e-9, counts.values().stream().mapToDouble(Double::doubleValue).sum());
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(en -> out.put(en.getKey(), en.getValue() / total));
        return out;
    }

    private static String step(RecordedStackTrace stack) {
        if (stack == null) {
            return OTHER;
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (Map.Entry<String, String> rule : RULES.entrySet()) {
                if (type.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return OTHER;
    }
}
