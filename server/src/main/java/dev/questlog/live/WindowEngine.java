package dev.questlog.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling event-time windows (10 s and 1 min) per app, closed by a watermark.
 *
 * <p>The watermark is the newest event time seen minus the allowed lateness (or, when the stream is idle, the
 * clock minus the lateness), and never goes back. An event whose window ends at or before the watermark is late:
 * it is counted as {@code late} in its app's newest window instead of its own, which is already closed. A window
 * closes when the watermark reaches its end.
 *
 * <p>Duplicates: the event-id hashes of each app's open minute are kept (at most {@code maxIdsPerMinute}; beyond
 * that a minute stops deduplicating), so an event that reaches the stream twice (a producer retry through another
 * collector, say) is counted once in both window sizes, as the 10 s windows nest in the minute.
 *
 * <p>Offsets: each open window remembers the lowest stream offset per partition that went into it, so that
 * {@link #committable} never passes an event whose window is not yet persisted; after a restart from there, events
 * of persisted windows come back as late (not counted twice), events of open windows are counted again from
 * scratch. Thread-safe (synchronized).
 */
final class WindowEngine {
    private final long latenessMillis;
    private final WindowAggregate.Kinds kinds;
    private final Map<String, Map<WindowSize, TreeMap<Long, WindowAggregate>>> open = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final Map<String, TreeMap<Long, LongSet>> seen = new HashMap<>();
    private final int maxIdsPerMinute;
    private long maxEventTime = Long.MIN_VALUE;
    private long watermark;

    /**
     * @param latenessMillis allowed lateness
     * @param kinds          which event types count as what
     * @param watermark      the starting watermark: the end of the newest persisted window, or Long.MIN_VALUE
     * @param maxIdsPerMinute event ids remembered per app and open minute for deduplication
     */
    WindowEngine(long latenessMillis, WindowAggregate.Kinds kinds, long watermark, int maxIdsPerMinute) {
        this.latenessMillis = latenessMillis;
        this.kinds = kinds;
        this.watermark = watermark;
        this.maxIdsPerMinute = maxIdsPerMinute;
    }

    /**
     * Counts one event read at {@code partition}/{@code offset} (partition −1 when it did not come from a stream).
     *
     * @return false when it was a duplicate of an event already counted in its open minute (then nothing changed)
     */
    synchronized boolean add(LiveEvent e, int partition, long offset) {
        if (partition >= 0) {
            positions.merge(partition, offset + 1, Math::max);
        }
        if (isDuplicate(e)) {
            return false;
        }
        maxEventTime = Math.max(maxEventTime, e.eventTime());
        for (WindowSize size : WindowSize.ALL) {
            long start = size.startOf(e.eventTime());
            if (start + size.millis() <= watermark) {
                window(e.app(), size, size.startOf(Math.max(maxEventTime, watermark))).late(partition, offset);
            } else {
                window(e.app(), size, start).add(e, partition, offset);
            }
        }
        return true;
    }

    private boolean isDuplicate(LiveEvent e) {
        long minute = WindowSize.ONE_MINUTE.startOf(e.eventTime());
        if (minute + WindowSize.ONE_MINUTE.millis() <= watermark) {
            return false; // late for the minute too: counted as late, not deduplicated
        }
        LongSet ids = seen.computeIfAbsent(e.app(), a -> new TreeMap<>()).computeIfAbsent(minute, m -> new LongSet());
        return ids.size() < maxIdsPerMinute && !ids.add(e.idHash());
    }

    private WindowAggregate window(String app, WindowSize size, long start) {
        return open.computeIfAbsent(app, a -> new HashMap<>())
                .computeIfAbsent(size, s -> new TreeMap<>())
                .computeIfAbsent(start, s -> new WindowAggregate(app, size, s, kinds));
    }

    /** Moves the watermark by the events seen so far; returns the windows that closed, oldest first. */
    synchronized List<WindowSnapshot> advance() {
        return advanceTo(maxEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTime - latenessMillis);
    }

    /** When the stream is idle: moves the watermark by the clock ({@code nowMillis} − lateness). */
    synchronized List<WindowSnapshot> advanceIdle(long nowMillis) {
        return advanceTo(nowMillis - latenessMillis);
    }

    private List<WindowSnapshot> advanceTo(long candidate) {
        if (candidate <= watermark) {
            return List.of();
        }
        watermark = candidate;
        List<WindowSnapshot> closed = new ArrayList<>();
        for (Map<WindowSize, TreeMap<Long, WindowAggregate>> bySize : open.values()) {
            for (TreeMap<Long, WindowAggregate> windows : bySize.values()) {
                for (Iterator<WindowAggregate> it = windows.values().iterator(); it.hasNext(); ) {
                    WindowAggregate w = it.next();
                    if (w.end() > watermark) {
                        break;
                    }
                    closed.add(w.snapshot(true));
                    it.remove();
                }
            }
        }
        for (TreeMap<Long, LongSet> minutes : seen.values()) {
            minutes.headMap(watermark - WindowSize.ONE_MINUTE.millis(), true).clear();
        }
        closed.sort((a, b) -> Long.compare(a.end(), b.end()));
        return closed;
    }

    synchronized long watermark() {
        return watermark;
    }

    /** Snapshots of an app's open windows of one size, oldest first. */
    synchronized List<WindowSnapshot> openWindows(String app, WindowSize size) {
        TreeMap<Long, WindowAggregate> windows = open.getOrDefault(app, Map.of()).get(size);
        return windows == null ? List.of() : windows.values().stream().map(w -> w.snapshot(false)).toList();
    }

    /**
     * Offsets that may be committed now, per partition: everything below them went only into closed windows. Call
     * after the closed windows were persisted.
     */
    synchronized Map<Integer, Long> committable() {
        Map<Integer, Long> out = new HashMap<>(positions);
        for (Map<WindowSize, TreeMap<Long, WindowAggregate>> bySize : open.values()) {
            for (TreeMap<Long, WindowAggregate> windows : bySize.values()) {
                for (WindowAggregate w : windows.values()) {
                    w.minOffsets().forEach((p, o) -> out.merge(p, o, Math::min));
                }
            }
        }
        return out;
    }
}
