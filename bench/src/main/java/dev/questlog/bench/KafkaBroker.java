package dev.questlog.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker + controller) from the Maven Central jars, run as the
 * child process of {@link LogBench} so that its JVM, heap and GC are its own. Formats its storage, starts, prints
 * {@code KAFKA READY}, and shuts down when its stdin closes.
 *
 * <p>Usage: {@code KafkaBroker <dir> <port> <controllerPort>}
 */
public final class KafkaBroker {
    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
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
        props.put("num.partitions", "8");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.segment.bytes", Integer.toString(128 << 20));
        props.put("file.delete.delay.ms", "1000"); // deleted benchmark topics leave the disk quickly
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "QuestLog LogBench broker");
        }
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, System.err);
        if (rc != 0) {
            throw new IllegalStateException("kafka-storage format failed with " + rc);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        System.out.println("KAFKA READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our stdin (or dies)
        }
        server.shutdown();
        server.awaitShutdown();
        System.exit(0);
    }
}
