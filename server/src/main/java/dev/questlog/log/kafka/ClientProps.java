package dev.questlog.log.kafka;

import dev.questlog.config.LogConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka client settings QuestLog uses; everything not set here is the client's default. */
final class ClientProps {
    /** Admin and metadata calls wait at most this long for the cluster. */
    static final long ADMIN_TIMEOUT_MILLIS = 30_000;
    /** Most records one consumer poll hands over from the fetch buffers (callers ask for fewer or more). */
    static final int MAX_POLL_RECORDS = 5_000;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private ClientProps() {
    }

    /**
     * An idempotent producer with {@code acks=all}: a send completes once every in-sync replica has the record, and
     * retries cannot duplicate or reorder records within a partition. {@code linger.ms} is the local log's
     * {@code log.group_commit.max_delay}: both say how long to wait for more records before writing.
     */
    static Map<String, Object> producer(LogConfig config) {
        Map<String, Object> p = common(config, "questlog-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                config.groupCommitMaxDelay().toMillis()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /**
     * A consumer of {@code group} that never commits or resets by itself: positions are set explicitly and
     * committed only by {@code commitSync}, and a position outside the log is an error, not a silent jump.
     */
    static Map<String, Object> consumer(LogConfig config, String group) {
        Map<String, Object> c = common(config, "questlog-" + group);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    static Map<String, Object> admin(LogConfig config) {
        Map<String, Object> a = common(config, "questlog-admin");
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MILLIS);
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MILLIS / 2);
        return a;
    }

    private static Map<String, Object> common(LogConfig config, String clientId) {
        Map<String, Object> m = new HashMap<>();
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        // unique ids: each client registers its metrics (and a JMX bean) under its id
        m.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + CLIENTS.incrementAndGet());
        return m;
    }
}
