package dev.questlog.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads single records of a stream for status pages: the newest record, or the one just below a group's committed
 * offset (what the group processed last). Uses a throw-away consumer group that never commits. Thread-safe.
 */
final class StreamTail {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMillis(200);

    private StreamTail() {
    }

    /** The newest record of the stream (by append time) as JSON plus {@code appended_at}; empty when none. */
    static Optional<JsonNode> newest(EventLog log, String stream) {
        if (!log.streams().contains(stream)) {
            return Optional.empty();
        }
        Optional<JsonNode> best = Optional.empty();
        for (int p = 0; p < log.partitions(stream); p++) {
            long end = log.endOffset(stream, p);
            if (end > log.startOffset(stream, p)) {
                best = newer(best, read(log, stream, p, end - 1));
            }
        }
        return best;
    }

    /** The record just below {@code group}'s committed offset, newest over partitions; empty when none. */
    static Optional<JsonNode> lastProcessed(EventLog log, String stream, String group) {
        if (!log.streams().contains(stream)) {
            return Optional.empty();
        }
        Optional<JsonNode> best = Optional.empty();
        for (Map.Entry<Integer, Long> e : log.committed(stream, group).entrySet()) {
            long offset = e.getValue() - 1;
            if (offset >= log.startOffset(stream, e.getKey())) {
                best = newer(best, read(log, stream, e.getKey(), offset));
            }
        }
        return best;
    }

    private static Optional<JsonNode> newer(Optional<JsonNode> a, Optional<JsonNode> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return b.get().path("appended_at").asLong() > a.get().path("appended_at").asLong() ? b : a;
    }

    private static Optional<JsonNode> read(EventLog log, String stream, int partition, long offset) {
        try (LogConsumer c = log.consumer(stream, "status-" + UUID.randomUUID(), Set.of(partition),
                StartPosition.offset(offset))) {
            List<ReadRecord> records = c.poll(1, WAIT);
            if (records.isEmpty()) {
                return Optional.empty();
            }
            ReadRecord r = records.getFirst();
            JsonNode value = JSON.readTree(r.value());
            ObjectNode out = value.isObject() ? (ObjectNode) value : JSON.createObjectNode().set("value", value);
            out.put("appended_at", r.timestampMillis());
            return Optional.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a status page shows what it can
        }
    }
}
