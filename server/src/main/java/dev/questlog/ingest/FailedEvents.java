package dev.questlog.ingest;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

/**
 * Reads stream {@code failed-events} back: the most recent rejections with their reasons. Reads at most
 * {@link #MAX_SCAN} records from the tail of each partition, through a consumer group that never commits (so it
 * moves no one's position). Thread-safe; each call opens its own consumer.
 */
public final class FailedEvents {
    static final int MAX_SCAN = 10_000;
    private static final String GROUP = "questlog-failed-reader";

    private FailedEvents() {
    }

    /**
     * The newest failed events, newest first.
     *
     * @param app   only this app's failures, or null for all
     * @param limit at most this many
     */
    public static List<FailedEvent> tail(EventLog log, String app, int limit) throws InterruptedException {
        log.ensureStream(FailedEvent.STREAM);
        int partitions = log.partitions(FailedEvent.STREAM);
        List<FailedEvent> found = new ArrayList<>();
        try (LogConsumer c = log.consumer(FailedEvent.STREAM, GROUP,
                IntStream.range(0, partitions).boxed().collect(Collectors.toSet()), StartPosition.latest())) {
            Map<Integer, Long> ends = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                long end = log.endOffset(FailedEvent.STREAM, p);
                long from = Math.max(log.startOffset(FailedEvent.STREAM, p), end - MAX_SCAN);
                c.seek(p, StartPosition.offset(from));
                ends.put(p, end);
            }
            while (!reached(c, ends)) {
                List<ReadRecord> batch = c.poll(1000, Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    break;
                }
                for (ReadRecord r : batch) {
                    FailedEvent f = FailedEvent.fromJson(r.value());
                    if (app == null || app.equals(f.app())) {
                        found.add(f);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(FailedEvent::receivedAt).reversed());
        return found.subList(0, Math.min(limit, found.size()));
    }

    private static boolean reached(LogConsumer c, Map<Integer, Long> ends) {
        return c.positions().entrySet().stream().allMatch(e -> e.getValue() >= ends.getOrDefault(e.getKey(), 0L));
    }
}
