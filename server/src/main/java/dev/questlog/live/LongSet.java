package dev.questlog.live;

/**
 * A set of {@code long}s with open addressing and linear probing: 8 bytes per slot, at most half full. The live
 * windows keep millions of event-id hashes per minute, which boxed {@code HashSet<Long>} would make six times
 * larger, and no dependency of the server offers a primitive set. Not thread-safe.
 */
final class LongSet {
    private static final long EMPTY = 0; // stored as a flag of its own, since 0 marks an empty slot
    private long[] slots = new long[1024];
    private int size;
    private boolean hasZero;

    /** Adds {@code v}; returns false when it was already there. */
    boolean add(long v) {
        if (v == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (!insert(slots, v)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long v) {
        int mask = table.length - 1;
        int i = mix(v) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = v;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long v : slots) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        slots = bigger;
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
