package dev.questlog.testkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller, from the Maven Central jars) on
 * 127.0.0.1, for the server's integration tests and the log benchmark. Two ways to run it:
 * <ul>
 *   <li>in the caller's JVM: {@link #startForTests} (or {@link #start}) in {@code @BeforeAll}, {@link #close} in
 *       {@code @AfterAll};</li>
 *   <li>as a child JVM ({@link #main}): formats, starts, prints {@code KAFKA READY}, and shuts down when its stdin
 *       closes, so that the benchmark's broker has its own heap and GC.</li>
 * </ul>
 */
public final class KafkaBroker implements AutoCloseable {
    /**
     * Settings for tests: one partition for the group offsets topic (created on the first group call; 50 by
     * default), few threads (the test machine has two cores), and records may carry timestamps any distance ahead
     * of the broker's clock (tests advance their own clock).
     */
    public static final Map<String, String> FOR_TESTS = Map.of(
            "offsets.topic.num.partitions", "1",
            "log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE),
            "num.network.threads", "2",
            "num.io.threads", "2");
    private static final int ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** {@link #start} with {@link #FOR_TESTS}. */
    public static KafkaBroker startForTests(Path dir) {
        return start(dir, FOR_TESTS);
    }

    /**
     * Formats storage under {@code dir} and starts in this JVM on free ports; retries on fresh ports (and a fresh
     * directory) when one was taken between the probe and the broker's bind.
     *
     * @param overrides broker settings on top of {@link #properties}
     */
    public static KafkaBroker start(Path dir, Map<String, String> overrides) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            Properties props = properties(dir.resolve("attempt-" + attempt), port, freePort());
            props.putAll(overrides);
            try {
                return new KafkaBroker(startServer(props), "127.0.0.1:" + port);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("the Kafka broker did not start in " + ATTEMPTS + " attempts", last);
    }

    /** The base configuration: combined KRaft node {@code 1}, plaintext listeners on 127.0.0.1, data in {@code dir/data}. */
    public static Properties properties(Path dir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    /** Formats the storage ({@code kafka-storage format}, fresh cluster id) and starts the server. */
    private static KafkaRaftServer startServer(Properties props) {
        format(props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            stop(server);
            throw e;
        }
        return server;
    }

    private static void format(Properties props) {
        Path dir = Path.of(props.getProperty("log.dirs")).getParent();
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "QuestLog test-kit broker");
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString()}, new PrintStream(log, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka-storage format failed with " + rc + ": "
                        + log.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers} / {@code log.kafka.bootstrap_servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    @Override
    public void close() {
        stop(server);
    }

    /**
     * Child-process mode. Usage: {@code KafkaBroker <dir> <port> <controllerPort> [key=value …]} (settings on top of
     * {@link #properties}).
     */
    public static void main(String[] args) throws Exception {
        Properties props = properties(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        KafkaRaftServer server = startServer(props);
        System.out.println("KAFKA READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our stdin (or dies)
        }
        stop(server);
        System.exit(0);
    }
}
