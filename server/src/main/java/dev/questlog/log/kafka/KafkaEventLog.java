package dev.questlog.log.kafka;

import dev.questlog.config.LogConfig;
import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.LogReport;
import dev.questlog.log.StartPosition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;

/**
 * {@link EventLog} over Kafka topics: one shared idempotent producer ({@code acks=all}) for appends, an admin client
 * for streams, offsets, groups and retention, and one {@code KafkaConsumer} per {@link LogConsumer}. See
 * {@link KafkaLog} for how each part of the contract maps onto Kafka and where it differs. Thread-safe.
 */
final class KafkaEventLog implements EventLog {
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final long TOPIC_READY_MILLIS = 30_000;

    private final LogConfig config;
    private final Topics topics;
    private final InstantSource clock;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics producerMetrics;
    private final KafkaLogMetrics metrics;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private volatile boolean closed;

    KafkaEventLog(LogConfig config, InstantSource clock, Admin admin, KafkaProducer<byte[], byte[]> producer,
                  MeterRegistry registry) {
        this.config = config;
        this.topics = new Topics(config.kafka().topicPrefix());
        this.clock = clock;
        this.admin = admin;
        this.producer = producer;
        this.metrics = new KafkaLogMetrics(registry);
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    String location() {
        return "kafka://" + config.kafka().bootstrapServers() + "/" + config.kafka().topicPrefix() + "*";
    }

    @Override
    public int ensureStream(String stream) {
        Topics.checkStream(stream);
        checkOpen();
        Integer known = partitionCounts.get(stream);
        if (known != null) {
            return known;
        }
        String topic = topics.topic(stream);
        try {
            Calls.get(admin.createTopics(List.of(topics.newTopic(stream, config))).all(), TOPIC_READY_MILLIS,
                    "creating topic " + topic);
        } catch (TopicExistsException e) {
            // created by another process, or by us before a restart: use it as it is
        }
        int n = awaitLeaders(topic);
        partitionCounts.put(stream, n);
        return n;
    }

    /**
     * Waits until the broker serves every partition of a new topic: the controller has elected leaders (the topic
     * is described with them) and the leaders' brokers act on it (they answer ListOffsets, which the admin client
     * retries until they do). Producing earlier gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose first
     * batch failed that way can stall on out-of-order sequence errors until its delivery timeout.
     */
    private int awaitLeaders(String topic) {
        long deadline = System.nanoTime() + TOPIC_READY_MILLIS * 1_000_000;
        while (true) {
            TopicDescription d = describe(topic);
            if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                List<TopicPartition> all = new ArrayList<>();
                d.partitions().forEach(p -> all.add(new TopicPartition(topic, p.partition())));
                offsets(all, OffsetSpec.latest());
                return d.partitions().size();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after "
                        + TOPIC_READY_MILLIS + " ms: " + (d == null ? "not visible" : d.partitions()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    /** The topic's description, or null when the broker does not know it (yet). */
    private TopicDescription describe(String topic) {
        try {
            return Calls.get(admin.describeTopics(List.of(topic)).allTopicNames(), ClientProps.ADMIN_TIMEOUT_MILLIS,
                    "describing topic " + topic).get(topic);
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
    }

    @Override
    public Set<String> streams() {
        checkOpen();
        Set<String> names = Calls.get(admin.listTopics().names(), ClientProps.ADMIN_TIMEOUT_MILLIS, "listing topics");
        Set<String> out = new TreeSet<>();
        for (String topic : names) {
            String stream = topics.stream(topic);
            if (stream != null) {
                out.add(stream);
            }
        }
        return out;
    }

    @Override
    public int partitions(String stream) {
        Integer known = partitionCounts.get(stream);
        if (known != null) {
            return known;
        }
        checkOpen();
        TopicDescription d = validName(stream) ? describe(topics.topic(stream)) : null;
        if (d == null) {
            throw new IllegalArgumentException("unknown stream '" + stream + "' (no topic " + topics.topic(stream)
                    + "; call ensureStream first)");
        }
        partitionCounts.put(stream, d.partitions().size());
        return d.partitions().size();
    }

    private static boolean validName(String stream) {
        return stream != null && Topics.STREAM_NAME.matcher(stream).matches();
    }

    TopicPartition partition(String stream, int partition) {
        int n = partitions(stream);
        if (partition < 0 || partition >= n) {
            throw new IllegalArgumentException("stream " + stream + " has partitions 0.." + (n - 1) + ", not "
                    + partition);
        }
        return new TopicPartition(topics.topic(stream), partition);
    }

    @Override
    public CompletableFuture<List<Appended>> append(String stream, List<LogRecord> records) {
        int n = partitions(stream);
        checkOpen();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        int keyless = -1;
        int[] parts = new int[records.size()];
        for (int i = 0; i < parts.length; i++) {
            byte[] key = records.get(i).key();
            if (key.length > 0) {
                parts[i] = partitionForKey(key, n);
            } else {
                if (keyless < 0) {
                    keyless = Math.floorMod(roundRobin.computeIfAbsent(stream, s -> new AtomicInteger())
                            .getAndIncrement(), n);
                }
                parts[i] = keyless;
            }
        }
        Appends appends = new Appends(topics.topic(stream), records.size(), metrics.of(stream));
        appends.send(producer, records, parts, clock.millis());
        return appends.future();
    }

    /** Kafka's default partitioner for keyed records ({@code BuiltInPartitioner.partitionForKey}). */
    static int partitionForKey(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    @Override
    public int partitionFor(String stream, byte[] key) {
        int n = partitions(stream);
        return key.length == 0 ? -1 : partitionForKey(key, n);
    }

    @Override
    public long startOffset(String stream, int partition) {
        return offsets(List.of(partition(stream, partition)), OffsetSpec.earliest()).get(partition);
    }

    @Override
    public long endOffset(String stream, int partition) {
        return offsets(List.of(partition(stream, partition)), OffsetSpec.latest()).get(partition);
    }

    @Override
    public long offsetForTimestamp(String stream, int partition, long timestampMillis) {
        TopicPartition tp = partition(stream, partition);
        long found = offsets(List.of(tp), OffsetSpec.forTimestamp(timestampMillis)).get(partition);
        return found >= 0 ? found : endOffset(stream, partition);
    }

    /** One ListOffsets call for several partitions of one topic: partition → offset (-1 when the spec finds none). */
    private Map<Integer, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        checkOpen();
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = Calls.get(admin.listOffsets(query).all(),
                ClientProps.ADMIN_TIMEOUT_MILLIS, "listing offsets of " + partitions);
        Map<Integer, Long> out = new TreeMap<>();
        result.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private List<TopicPartition> allPartitions(String stream) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < partitions(stream); p++) {
            out.add(new TopicPartition(topics.topic(stream), p));
        }
        return out;
    }

    @Override
    public LogConsumer consumer(String stream, String group, Set<Integer> partitions, StartPosition reset) {
        checkOpen();
        if (group == null || !GROUP_NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("group name must match " + GROUP_NAME.pattern() + ", was '" + group
                    + "'");
        }
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p : new TreeSet<>(partitions)) {
            assigned.add(partition(stream, p));
        }
        return KafkaLogConsumer.open(config, stream, group, assigned, reset);
    }

    @Override
    public Map<Integer, Long> committed(String stream, String group) {
        return committed(stream, List.of(group)).getOrDefault(group, Map.of());
    }

    /** Committed offsets of several groups on one stream, in one call; groups without any are left out. */
    private Map<String, Map<Integer, Long>> committed(String stream, List<String> groups) {
        checkOpen();
        List<TopicPartition> all = allPartitions(stream);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec().topicPartitions(all)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> found = Calls.get(
                admin.listConsumerGroupOffsets(specs).all(), ClientProps.ADMIN_TIMEOUT_MILLIS,
                "reading committed offsets of " + groups);
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        found.forEach((group, offsets) -> {
            Map<Integer, Long> byPartition = new TreeMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    byPartition.put(tp.partition(), om.offset());
                }
            });
            if (!byPartition.isEmpty()) {
                out.put(group, Map.copyOf(byPartition));
            }
        });
        return out;
    }

    /** Lists the cluster's consumer groups and asks each for offsets on this stream: cost grows with the groups. */
    @Override
    public Set<String> groups(String stream) {
        partitions(stream);
        List<String> all = Calls.get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(),
                ClientProps.ADMIN_TIMEOUT_MILLIS, "listing consumer groups").stream()
                .map(GroupListing::groupId).toList();
        return all.isEmpty() ? Set.of() : new TreeSet<>(committed(stream, all).keySet());
    }

    /** As the interface's default, with three cluster calls instead of two per partition. */
    @Override
    public Map<Integer, Long> lag(String stream, String group) {
        List<TopicPartition> all = allPartitions(stream);
        Map<Integer, Long> committed = committed(stream, group);
        Map<Integer, Long> starts = offsets(all, OffsetSpec.earliest());
        Map<Integer, Long> ends = offsets(all, OffsetSpec.latest());
        Map<Integer, Long> lag = new TreeMap<>();
        for (TopicPartition tp : all) {
            int p = tp.partition();
            lag.put(p, Math.max(0, ends.get(p) - committed.getOrDefault(p, starts.get(p))));
        }
        return lag;
    }

    /**
     * Deletes, in every stream, the records appended before {@code now − log.retention} by this log's clock, with
     * {@code deleteRecords} (the broker also deletes old segments itself by {@code retention.ms} and
     * {@code retention.bytes}, on its own clock and schedule).
     */
    @Override
    public void enforceRetention() {
        checkOpen();
        long cutoff = clock.millis() - config.retention().toMillis();
        for (String stream : streams()) {
            List<TopicPartition> all = allPartitions(stream);
            Map<Integer, Long> starts = offsets(all, OffsetSpec.earliest());
            Map<Integer, Long> ends = offsets(all, OffsetSpec.latest());
            Map<Integer, Long> firstKept = offsets(all, OffsetSpec.forTimestamp(cutoff));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            for (TopicPartition tp : all) {
                int p = tp.partition();
                long keep = firstKept.get(p) >= 0 ? firstKept.get(p) : ends.get(p);
                if (keep > starts.get(p)) {
                    delete.put(tp, RecordsToDelete.beforeOffset(keep));
                }
            }
            if (!delete.isEmpty()) {
                Calls.get(admin.deleteRecords(delete).all(), ClientProps.ADMIN_TIMEOUT_MILLIS,
                        "deleting records past retention from " + delete.keySet());
            }
        }
    }

    /** What {@code log inspect} shows: streams, offsets, sizes, times, groups and lag. */
    LogReport report() {
        checkOpen();
        return new KafkaInspector(this, admin).report();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Kafka log at " + location() + " is closed");
        }
    }

    /**
     * Waits up to {@code timeout} for sends in flight to be acknowledged, then closes the producer and the admin
     * client. Consumers opened from this log are not closed here: each belongs to its thread (as a
     * {@code KafkaConsumer} must) and is closed by it.
     */
    @Override
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            producerMetrics.close();
            producer.close(timeout);
        } finally {
            admin.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
