package dev.questlog.log.kafka;

import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * Factory of the Kafka stream backend ({@code log.backend: kafka}): an {@link EventLog} whose streams are topics of
 * a Kafka cluster ({@code log.kafka.*}). How the contract maps onto Kafka:
 * <ul>
 *   <li><b>Stream</b> {@code S} = topic {@code <log.kafka.topic_prefix>S}. {@code ensureStream} creates it if absent
 *       with {@code log.partitions} partitions, {@code log.kafka.replication_factor} replicas and the topic configs
 *       {@code retention.ms} = {@code log.retention}, {@code retention.bytes} = {@code log.retention_bytes_per_partition}
 *       (0 → unlimited), {@code segment.bytes} = {@code log.segment.bytes} (at least 1 MiB, Kafka's minimum) and
 *       {@code segment.ms} = {@code log.segment.max_age}. An existing topic is used as it is (its partition count
 *       included); its partition count must not be changed afterwards, or keys move to other partitions.</li>
 *   <li><b>Append</b>: one shared idempotent producer, {@code acks=all}. The future completes when Kafka acknowledged
 *       every record: written by all in-sync replicas (at least the topic's {@code min.insync.replicas}). That is
 *       Kafka's durability, not the local log's fsync: Kafka does not fsync before acknowledging unless the topic sets
 *       {@code flush.messages}, and relies on replication instead, so with one replica an acknowledged record survives
 *       a broker crash but not a power loss of its machine. {@code log.fsync} and {@code log.group_commit.max_bytes}
 *       do not apply; {@code log.group_commit.max_delay} is the producer's {@code linger.ms}. Records of one call to
 *       one partition stay in order, but concurrent calls may interleave with them.</li>
 *   <li><b>Partitioning</b>: a non-empty key goes to Kafka's default partitioner's partition (murmur2, set on the
 *       record so {@link EventLog#partitionFor} and the producer always agree); an empty key is sent as Kafka's null
 *       key, and the empty-key records of one call go to one partition, the next call's to the next (round-robin,
 *       like the local log; Kafka's own sticky partitioner is not used).</li>
 *   <li><b>Timestamps</b>: each record carries the log clock's time as its Kafka CreateTime (the local log's append
 *       time). Time seek uses the broker's time index ({@code offsetsForTimes}): the first record whose timestamp is
 *       at or after T. Concurrent producers' records may land slightly out of timestamp order; the local log stamps
 *       in append order. A topic configured with {@code LogAppendTime} reports the broker's time instead.</li>
 *   <li><b>Offsets</b>: {@code startOffset} = the log start offset (earliest), {@code endOffset} = the high
 *       watermark (latest), which is what acks=all acknowledged.</li>
 *   <li><b>Consumers</b>: a {@code KafkaConsumer} with {@code group.id} = the group, manual assignment of the given
 *       partitions (no rebalancing; several processes of a group must be given disjoint partitions), positions set
 *       explicitly from the group's committed offsets or the reset position when the consumer opens, commits with
 *       {@code commitSync}. Committed offsets, groups and lag are read with the admin client. A group must not also
 *       be used by subscribing Kafka consumers: the coordinator refuses commits from outside a group's generation.</li>
 *   <li><b>Retention</b>: the broker deletes old segments by {@code retention.ms}/{@code retention.bytes} on its own
 *       schedule and clock; {@link EventLog#enforceRetention} additionally deletes (with {@code deleteRecords}) every
 *       record older than {@code log.retention} by this log's clock, at once. A consumer whose position fell behind
 *       gets {@link dev.questlog.log.OffsetOutOfRangeException} from the poll that receives the broker's answer.</li>
 *   <li><b>Headers</b> are carried over; Kafka allows a key twice, the log's map keeps the last value.</li>
 * </ul>
 */
public final class KafkaLog {
    private KafkaLog() {
    }

    /** {@link #open(LogConfig, InstantSource, MeterRegistry)} reporting to Micrometer's global registry. */
    public static EventLog open(LogConfig config, InstantSource clock) {
        return open(config, clock, Metrics.globalRegistry);
    }

    /**
     * Connects to the cluster of {@code config.kafka()} and checks that it answers.
     *
     * @param clock    stamps appended records (Kafka CreateTime) and drives {@link EventLog#enforceRetention}
     * @param registry receives {@code questlog.log.written.records} / {@code failed.records} per stream and the
     *                 producer's {@code kafka.producer.*} metrics
     * @throws IllegalStateException when no broker answers within 30 s
     */
    public static EventLog open(LogConfig config, InstantSource clock, MeterRegistry registry) {
        Admin admin = Admin.create(ClientProps.admin(config));
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            Calls.get(admin.describeCluster().clusterId(), ClientProps.ADMIN_TIMEOUT_MILLIS, "contacting the cluster");
            producer = new KafkaProducer<>(ClientProps.producer(config));
            return new KafkaEventLog(config, clock, admin, producer, registry);
        } catch (KafkaException e) {
            close(admin, producer);
            throw new IllegalStateException("cannot use the Kafka cluster at " + config.kafka().bootstrapServers()
                    + " (log.kafka.bootstrap_servers): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(admin, producer);
            throw e;
        }
    }

    /**
     * Describes the streams of the cluster of {@code config.kafka()} (topics with the configured prefix) for
     * {@code ./questlog log inspect}: offsets, bytes, oldest/newest record times and group lag. Read-only; segment
     * counts are -1 (Kafka does not report them).
     */
    public static LogReport inspect(LogConfig config) {
        KafkaEventLog log = (KafkaEventLog) open(config, InstantSource.system(), new SimpleMeterRegistry());
        try {
            return log.report();
        } finally {
            log.close(Duration.ofSeconds(5));
        }
    }

    private static void close(Admin admin, KafkaProducer<?, ?> producer) {
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
        admin.close(Duration.ZERO);
    }
}
