package dev.questlog.log.local;

import java.util.ArrayList;
import java.util.List;

/**
 * A partition's page-cache window: after each checkpoint, the forced pages lying more than {@code bytes} behind the
 * partition's end are given back to the kernel ({@link PageCache}); readers at the tail keep reading from the cache.
 * Remembers the forced segments that may still hold such pages, oldest first. Not thread-safe: the partition calls
 * it from its checkpoint step, one at a time.
 */
final class CacheWindow {
    private final long bytes;
    private final List<Segment> cached = new ArrayList<>();

    /** @param bytes how much of the partition's end stays cached, {@code >= 0} */
    CacheWindow(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cache window must be >= 0 bytes, was " + bytes);
        }
        this.bytes = bytes;
    }

    /**
     * After a checkpoint forced {@code rolled} (segments rolled since the previous one, in order) and the active
     * segment {@code current} up to {@code forcedSize}: drops what lies behind the window, newest segment first, and
     * forgets the segments with nothing left to drop.
     */
    void trim(List<Segment> rolled, Segment current, long forcedSize) {
        for (Segment s : rolled) {
            if (!cached.contains(s)) {
                cached.add(s);
            }
        }
        if (!cached.contains(current)) {
            cached.add(current);
        }
        long window = bytes;
        for (int i = cached.size() - 1; i >= 0; i--) {
            Segment s = cached.get(i);
            long size = s == current ? forcedSize : s.size;
            boolean gone = s.uncacheBelow(size - window);
            window = Math.max(0, window - size);
            if (gone && s != current) {
                cached.remove(i);
            }
        }
    }
}
