package dev.questlog.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies of {@link IngestBench#EVENTS_PER_BATCH} events of about 250 bytes each, every event with a fresh
 * event_id (so the duplicate filter does not short-cut the work): a template is copied and a counter written into
 * the last 12 hex digits of each id. Thread-safe.
 */
final class Batches {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] template;
    private final int[] idCounterOffsets;
    private final int eventBytes;
    private final AtomicLong counter = new AtomicLong();

    Batches() {
        this(new java.util.Random().nextInt() & 0xffff);
    }

    /** @param run 16 bits that go into every event_id, so that runs against one server do not repeat ids */
    Batches(int run) {
        StringBuilder b = new StringBuilder("[");
        int[] offsets = new int[IngestBench.EVENTS_PER_BATCH];
        long now = System.currentTimeMillis();
        int firstEventLength = 0;
        for (int i = 0; i < IngestBench.EVENTS_PER_BATCH; i++) {
            if (i > 0) {
                b.append(',');
            }
            int start = b.length();
            b.append(String.format(java.util.Locale.ROOT, "{\"event_id\":\"6f1c2a3b-%04x-4f60-8a7b-", run));
            offsets[i] = b.length();
            b.append("000000000000\",\"event_type\":\"player_death\",\"event_timestamp\":").append(now)
                    .append(",\"event_version\":\"1.0\",\"app_version\":\"1.4.2\",\"client_id\":\"player-")
                    .append(1000 + i % 200).append("\",\"session_id\":\"s-").append(i % 50)
                    .append("\",\"level_id\":\"desert_map\",\"position_x\":").append(100.25 + i)
                    .append(",\"position_y\":").append(40.5 + i % 17).append("}");
            if (i == 0) {
                firstEventLength = b.length() - start;
            }
        }
        b.append(']');
        this.template = b.toString().getBytes(StandardCharsets.UTF_8);
        this.idCounterOffsets = offsets;
        this.eventBytes = firstEventLength;
    }

    /** A new body with fresh event ids. */
    byte[] next() {
        byte[] body = template.clone();
        long base = counter.getAndAdd(IngestBench.EVENTS_PER_BATCH);
        for (int i = 0; i < idCounterOffsets.length; i++) {
            long v = base + i;
            int off = idCounterOffsets[i];
            for (int d = 11; d >= 0; d--) {
                body[off + d] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
        }
        return body;
    }

    int eventBytes() {
        return eventBytes;
    }
}
