package dev.questlog.testkit;

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
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller, from the Maven Central jars) running
 * inside the test JVM: storage formatted in a directory of the caller's, listeners on free ports of 127.0.0.1.
 * Start it once per test class ({@code @BeforeAll}) and close it in {@code @AfterAll}.
 *
 * <p>Settings for tests: one partition for the group offsets topic (created on the first group call, 50 partitions
 * by default), no delay before group rebalances, no topic auto-creation, and records may carry timestamps any
 * distance ahead of the broker clock (tests advance their own clock).
 */
public final class KafkaBroker implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats storage under {@code dir} and starts; retries on fresh ports if one was taken meanwhile. */
    public static KafkaBroker start(Path dir) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return startOnce(dir.resolve("attempt-" + attempt), Map.of());
            } catch (RuntimeException e) {
                last = e; // most likely a port that another process bound between our probe and the broker's bind
            }
        }
        throw new IllegalStateException("the Kafka broker did not start in " + ATTEMPTS + " attempts", last);
    }

    private static KafkaBroker startOnce(Path dir, Map<String, String> extra) {
        int port = freePort();
        Properties props = properties(dir, port, freePort());
        props.putAll(extra);
        format(dir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            stop(server);
            throw e;
        }
        return new KafkaBroker(server, "127.0.0.1:" + port);
    }

    /** The broker's configuration: combined KRaft node {@code 1}, data under {@code dir/data}. */
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
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        return props;
    }

    /** {@code kafka-storage format} with a fresh cluster id, writing {@code dir/server.properties}. */
    public static void format(Path dir, Properties props) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "QuestLog test broker");
            }
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
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
}
