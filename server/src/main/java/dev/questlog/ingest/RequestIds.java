package dev.questlog.ingest;

/**
 * The event ids (UUIDs as two longs) of one request, in order, each with the index of its event in the request.
 * {@link #addFirst} keeps only an id's first occurrence, so that an event repeated within one request counts as a
 * duplicate of the first. Primitive arrays and an open-addressing table rather than a set of objects: this runs
 * for every ingested event. Not thread-safe; lives for one request.
 */
final class RequestIds {
    final long[] msb;
    final long[] lsb;
    /** The index in the request of the event of each id. */
    final int[] index;
    private int size;
    /** Open addressing over the ids added so far: position + 1, 0 for empty. Made by the first addFirst. */
    private int[] table;

    /** @param capacity the most ids that will be added */
    RequestIds(int capacity) {
        msb = new long[capacity];
        lsb = new long[capacity];
        index = new int[capacity];
    }

    int size() {
        return size;
    }

    /** Adds the id unless this request already holds it; returns whether it was added. */
    boolean addFirst(long hi, long lo, int eventIndex) {
        if (table == null) {
            table = new int[Integer.highestOneBit(Math.max(2, msb.length) * 2 - 1) * 2];
        }
        int mask = table.length - 1;
        int slot = (int) DuplicateFilter.mix(0, hi, lo) & mask;
        while (table[slot] != 0) {
            int at = table[slot] - 1;
            if (msb[at] == hi && lsb[at] == lo) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = size + 1;
        add(hi, lo, eventIndex);
        return true;
    }

    /** Adds the id without looking for it. */
    void add(long hi, long lo, int eventIndex) {
        msb[size] = hi;
        lsb[size] = lo;
        index[size] = eventIndex;
        size++;
    }
}
