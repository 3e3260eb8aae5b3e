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
    private long maxEventTime = Long.MIN_VALUE;
    private long watermark;

    /**
     * @param latenessMillis allowed lateness
     * @param kinds          which event types count as what
     * @param watermark      the starting watermark: the end of the newest persisted window, or Long.MIN_VALUE
     */
    WindowEngine(long latenessMillis, WindowAggregate.Kinds kinds, long watermark) {
        this.latenessMillis = latenessMillis;
        this.kinds = kinds;
        this.watermark = watermark;
    }

    /** Counts one event read at {@code partition}/{@code offset} (partition −1 when it did not come from a stream). */
    synchronized void add(LiveEvent e, int partition, long offset) {
        if (partition >= 0) {
            positions.merge(partition, offset + 1, Math::max);
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
