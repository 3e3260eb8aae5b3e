package dev.questlog.testkit;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Reads a whole stream back in tests, through a throw-away consumer group that never commits. */
public final class StreamReader {
    private StreamReader() {
    }

    /** Every record of {@code stream} present now, all partitions, in partition then offset order. */
    public static List<ReadRecord> readAll(EventLog log, String stream) {
        int partitions = log.partitions(stream);
        List<ReadRecord> out = new ArrayList<>();
        long expected = 0;
        for (int p = 0; p < partitions; p++) {
            expected += log.endOffset(stream, p) - log.startOffset(stream, p);
        }
        try (LogConsumer c = log.consumer(stream, "test-" + UUID.randomUUID(),
                IntStream.range(0, partitions).boxed().collect(Collectors.toSet()), StartPosition.earliest())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                out.addAll(c.poll(10_000, Duration.ofMillis(200)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }
}
