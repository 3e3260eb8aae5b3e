package dev.questlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder CPU profile of one phase, summarised as shares of execution samples per pipeline step
 * (parse, duplicate filter, enrich, append, HTTP server, load generator). Samples are attributed by the first
 * matching rule over the whole stack, in the order below.
 */
final class Profile implements AutoCloseable {
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("java.net.http", "load generator (HttpClient)");
        RULES.put("jdk.internal.net.http", "load generator (HttpClient)");
        RULES.put("dev.questlog.bench.Batches", "load generator (body building)");
        RULES.put("dev.questlog.ingest.DuplicateFilter", "collector: duplicate filter");
        RULES.put("dev.questlog.ingest.SchemaRegistry", "collector: schema validation");
        RULES.put("dev.questlog.event.", "collector: parse + validate (EventParser)");
        RULES.put("dev.questlog.ingest.Enrichment", "collector: enrich + encode stored event");
        RULES.put("dev.questlog.ingest.BodyDecoder", "collector: read body");
        RULES.put("dev.questlog.log.", "log: append + fsync");
        RULES.put("dev.questlog.ingest.", "collector: other");
        RULES.put("io.micrometer", "metrics");
        RULES.put("org.eclipse.jetty", "HTTP server (Jetty/Javalin)");
        RULES.put("io.javalin", "HTTP server (Jetty/Javalin)");
    }

    private final Recording recording = new Recording();
    private final Path file;

    Profile() throws IOException {
        file = Files.createTempFile("questlog-ingest-", ".jfr");
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
    }

    /** Stops and returns step → share of samples (0..1), largest first. */
    Map<String, Double> stop() throws IOException {
        recording.stop();
        recording.dump(file);
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            counts.merge(step(e.getStackTrace().getFrames()), 1, Integer::sum);
            total++;
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        int n = Math.max(1, total);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(en -> shares.put(en.getKey(), en.getValue() / (double) n));
        return shares;
    }

    private static String step(List<RecordedFrame> frames) {
        for (Map.Entry<String, String> rule : RULES.entrySet()) {
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return "other (JDK, GC, JIT; stack not attributable)";
    }

    @Override
    public void close() throws IOException {
        recording.close();
        Files.deleteIfExists(file);
    }
}
