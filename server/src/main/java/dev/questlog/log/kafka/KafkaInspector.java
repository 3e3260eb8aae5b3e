package dev.questlog.log.kafka;

import dev.questlog.log.LogReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./questlog log inspect} for the Kafka backend: per stream and partition the offsets, the bytes on disk (the
 * largest replica) and the oldest and newest record times, and each group's lag; all read with the admin client.
 * Kafka does not report segment counts: they are -1.
 */
final class KafkaInspector {
    private final KafkaEventLog log;
    private final Admin admin;

    KafkaInspector(KafkaEventLog log, Admin admin) {
        this.log = log;
        this.admin = admin;
    }

    LogReport report() {
        Map<TopicPartition, Long> bytes = replicaBytes();
        List<LogReport.Stream> streams = new ArrayList<>();
        for (String stream : log.streams()) {
            streams.add(stream(stream, bytes));
        }
        return new LogReport(log.location(), streams, null);
    }

    private LogReport.Stream stream(String stream, Map<TopicPartition, Long> bytes) {
        int n = log.partitions(stream);
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(stream, n, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(stream, n, OffsetSpec.latest());
        // the first record at or after time 0 is the oldest retained one, and the query returns its timestamp
        Map<TopicPartition, ListOffsetsResultInfo> oldest = offsets(stream, n, OffsetSpec.forTimestamp(0));
        Map<TopicPartition, ListOffsetsResultInfo> newest = offsets(stream, n, OffsetSpec.maxTimestamp());
        List<LogReport.Partition> partitions = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            TopicPartition tp = log.partition(stream, p);
            long start = starts.get(tp).offset();
            long end = ends.get(tp).offset();
            partitions.add(new LogReport.Partition(p, start, end, -1, bytes.getOrDefault(tp, 0L),
                    end > start ? time(oldest.get(tp)) : null, end > start ? time(newest.get(tp)) : null, null));
        }
        List<LogReport.Group> groups = new ArrayList<>();
        for (String group : log.groups(stream)) {
            Map<Integer, Long> lag = log.lag(stream, group);
            groups.add(new LogReport.Group(group, log.committed(stream, group), lag,
                    lag.values().stream().mapToLong(Long::longValue).sum()));
        }
        return new LogReport.Stream(stream, partitions, groups);
    }

    private static Long time(ListOffsetsResultInfo info) {
        return info == null || info.offset() < 0 || info.timestamp() < 0 ? null : info.timestamp();
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(String stream, int n, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (int p = 0; p < n; p++) {
            query.put(log.partition(stream, p), spec);
        }
        return Calls.get(admin.listOffsets(query).all(), ClientProps.ADMIN_TIMEOUT_MILLIS, "listing offsets of "
                + stream);
    }

    /** Size of each partition on disk: the largest of its replicas over all brokers and log directories. */
    private Map<TopicPartition, Long> replicaBytes() {
        List<Integer> brokers = Calls.get(admin.describeCluster().nodes(), ClientProps.ADMIN_TIMEOUT_MILLIS,
                "listing brokers").stream().map(Node::id).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = Calls.get(admin.describeLogDirs(brokers).allDescriptions(),
                ClientProps.ADMIN_TIMEOUT_MILLIS, "describing log directories");
        Map<TopicPartition, Long> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription d : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                    out.merge(r.getKey(), r.getValue().size(), Math::max);
                }
            }
        }
        return out;
    }
}
