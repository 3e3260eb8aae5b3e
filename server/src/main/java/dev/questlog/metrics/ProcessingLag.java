package dev.questlog.metrics;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import java.util.Map;

/**
 * Sets a stage's {@code lag} gauge to the records its consumer has not read yet (end offset − position, summed over
 * its partitions), at most every half second. Unlike the group's committed lag this does not include what a stage
 * processed but holds back from committing on purpose (the live tier commits only below its open windows). Used
 * from the consumer's thread only.
 */
public final class ProcessingLag {
    private static final long EVERY_NANOS = 500_000_000L;
    private final EventLog log;
    private final String stream;
    private final StageMetrics metrics;
    private long last = System.nanoTime() - EVERY_NANOS;

    public ProcessingLag(EventLog log, String stream, StageMetrics metrics) {
        this.log = log;
        this.stream = stream;
        this.metrics = metrics;
    }

    public void update(LogConsumer consumer) {
        long now = System.nanoTime();
        if (now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        long lag = 0;
        for (Map.Entry<Integer, Long> p : consumer.positions().entrySet()) {
            lag += Math.max(0, log.endOffset(stream, p.getKey()) - p.getValue());
        }
        metrics.lag(lag);
    }
}
