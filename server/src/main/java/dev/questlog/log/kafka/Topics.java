package dev.questlog.log.kafka;

import dev.questlog.config.LogConfig;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Stream ↔ topic: stream {@code S} is topic {@code <prefix>S}, created with the log's partitions and with the
 * retention and segment settings of {@link LogConfig} as topic configs, so the broker enforces the same retention.
 */
final class Topics {
    /** The same names the local log accepts, so a stream can move between backends. */
    static final Pattern STREAM_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** Kafka refuses smaller segments (KIP-1030); a smaller {@code log.segment.bytes} is raised to it. */
    static final long MIN_SEGMENT_BYTES = 1 << 20;

    private final String prefix;

    Topics(String prefix) {
        this.prefix = prefix;
    }

    static String checkStream(String stream) {
        if (stream == null || !STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream name must match " + STREAM_NAME.pattern() + ", was '" + stream
                    + "'");
        }
        return stream;
    }

    String topic(String stream) {
        return prefix + stream;
    }

    /** The stream a topic holds, or null when the topic is not one of ours. */
    String stream(String topic) {
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String stream = topic.substring(prefix.length());
        return STREAM_NAME.matcher(stream).matches() ? stream : null;
    }

    NewTopic newTopic(String stream, LogConfig config) {
        long segmentBytes = Math.min(Integer.MAX_VALUE, Math.max(MIN_SEGMENT_BYTES, config.segmentBytes()));
        long retentionBytes = config.retentionBytesPerPartition() == 0 ? -1 : config.retentionBytesPerPartition();
        return new NewTopic(topic(stream), config.partitions(), (short) config.kafka().replicationFactor())
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.retention().toMillis()),
                        TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(retentionBytes),
                        TopicConfig.SEGMENT_BYTES_CONFIG, Long.toString(segmentBytes),
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(config.segmentAge().toMillis())));
    }
}
