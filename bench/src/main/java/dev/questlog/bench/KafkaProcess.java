package dev.questlog.bench;

import dev.questlog.testkit.kafka.KafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the test kit's {@link KafkaBroker} as a child JVM (same java binary, same classpath, its own heap and GC),
 * with the benchmark's broker settings, and stops it.
 */
final class KafkaProcess implements AutoCloseable {
    private final Process process;
    final String bootstrap;

    private KafkaProcess(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static KafkaProcess start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx2g", "-XX:+UseG1GC",
                "-Dlogback.configurationFile=logback-bench.xml", "-cp", System.getProperty("java.class.path"),
                KafkaBroker.class.getName(), dir.toString(), Integer.toString(port),
                Integer.toString(controllerPort), "num.partitions=8", "log.segment.bytes=" + (128 << 20),
                "file.delete.delay.ms=1000")) // deleted benchmark topics leave the disk quickly
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("KAFKA READY")) {
                return new KafkaProcess(p, "127.0.0.1:" + port);
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("the Kafka broker exited before it was ready (exit " + p.exitValue() + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
