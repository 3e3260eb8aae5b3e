package dev.questlog.bench;

import dev.questlog.log.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A topic on the benchmark's Kafka broker, written by one shared producer (acks=all, idempotent, linger 2 ms like
 * the log's group-commit delay) and read by a plain consumer. With {@code flushEveryMessage} the topic has
 * {@code flush.messages=1}: the broker fsyncs the partition on every produce append before it acknowledges.
 */
final class KafkaTarget implements Target {
    private final String bootstrap;
    private final String topic;
    private final boolean flush;
    private final KafkaProducer<byte[], byte[]> producer;
    private final int partitions = 8;

    KafkaTarget(String bootstrap, String topic, boolean flushEveryMessage) throws Exception {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.flush = flushEveryMessage;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            NewTopic t = new NewTopic(topic, partitions, (short) 1).configs(flushEveryMessage
                    ? Map.of("flush.messages", "1", "message.timestamp.type", "LogAppendTime")
                    : Map.of("message.timestamp.type", "LogAppendTime"));
            admin.createTopics(List.of(t)).all().get();
            awaitLeaders(admin, topic, partitions);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "2");
        p.put("batch.size", Integer.toString(1 << 20));
        p.put("buffer.memory", Long.toString(512L << 20));
        p.put("max.request.size", Integer.toString(16 << 20));
        p.put("compression.type", "none");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        // one acknowledged record per partition before the clock starts: a produce that races the new topic's
        // leader election can leave an idempotent producer retrying out-of-order sequences forever
        for (int i = 0; i < partitions; i++) {
            producer.send(new ProducerRecord<>(topic, i, new byte[0], new byte[1])).get();
        }
    }

    private static void awaitLeaders(Admin admin, String topic, int partitions) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            if (description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("partitions of " + topic + " got no leader");
    }

    @Override
    public String name() {
        return "Kafka 4.1.1 " + (flush ? "(flush.messages=1)" : "(default: no fsync)");
    }

    @Override
    public void append(List<LogRecord> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (LogRecord r : batch) {
            acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
        }
        for (Future<RecordMetadata> f : acks) {
            f.get();
        }
    }

    @Override
    public CompletableFuture<?> appendAsync(List<LogRecord> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(batch.size());
        for (LogRecord r : batch) {
            producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (metadata, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else if (left.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("max.poll.records", "10000");
        p.put("max.partition.fetch.bytes", Integer.toString(8 << 20));
        p.put("fetch.max.bytes", Integer.toString(64 << 20));
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> topicPartitions() {
        List<TopicPartition> tps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            tps.add(new TopicPartition(topic, i));
        }
        return tps;
    }

    @Override
    public long readAll() {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = topicPartitions();
            c.assign(tps);
            c.seekToBeginning(tps);
            long expected = c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            while (read < expected) {
                ConsumerRecords<byte[], byte[]> got = c.poll(Duration.ofSeconds(1));
                read += got.count();
            }
            return read;
        }
    }

    private KafkaConsumer<byte[], byte[]> seeker;

    @Override
    public synchronized long seek(int partition, long millis) {
        if (seeker == null) {
            seeker = consumer();
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        OffsetAndTimestamp found = seeker.offsetsForTimes(Map.of(tp, millis)).get(tp);
        return found == null ? -1 : found.offset();
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public void close() throws Exception {
        producer.close();
        if (seeker != null) {
            seeker.close();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }
}
