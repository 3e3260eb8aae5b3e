package dev.questlog.ingest;

/**
 * One generation of the {@link DuplicateFilter}: a set of (app number, UUID) held in one primitive array (open
 * addressing, linear probing; a slot is three adjacent longs, so a probe touches one cache line), so that a million
 * remembered ids are one array rather than a million objects for the garbage collector to trace and copy. Such a
 * table does not fit in the CPU's caches, and nearly every id looked up is new, so the generation's half of a
 * {@link GenerationBloom} answers most lookups without touching the table (the filter checks it without this
 * set's lock); only its "maybe" (a duplicate, or a rare false alarm) is checked exactly here. Grows by doubling
 * while more than half full. Thread-safe (synchronized: a lookup is a few array reads, so the lock is held only
 * briefly).
 */
final class IdSet {
    private static final int INITIAL_SLOTS = 1024;

    private final long startedMillis;
    private final GenerationBloom bloom;
    /** Which half of {@link #bloom} is this generation's. */
    private final int parity;
    /** Slot i is {@code [3i] = app number (0: empty; numbers start at 1), [3i+1] = msb, [3i+2] = lsb}. */
    private long[] table;
    private int slots;
    /** Volatile: written after every insert, so that a reader that reads it sees the Bloom bits set before. */
    private volatile int size;
    /** Written by {@link #addAll} so that its first loads are not optimised away. */
    private long touched;

    /**
     * @param slots  initial table size, a power of two (the size of the generation this one replaces)
     * @param parity the half of {@code bloom} to use, cleared by the caller beforehand
     */
    IdSet(long startedMillis, int slots, GenerationBloom bloom, int parity) {
        if (slots < INITIAL_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two >= " + INITIAL_SLOTS + ", was " + slots);
        }
        if (parity != 0 && parity != 1) {
            throw new IllegalArgumentException("parity must be 0 or 1, was " + parity);
        }
        this.startedMillis = startedMillis;
        this.slots = slots;
        this.table = new long[3 * slots];
        this.bloom = bloom;
        this.parity = parity;
    }

    IdSet(long startedMillis, GenerationBloom bloom, int parity) {
        this(startedMillis, INITIAL_SLOTS, bloom, parity);
    }

    synchronized int slots() {
        return slots;
    }

    long startedMillis() {
        return startedMillis;
    }

    int parity() {
        return parity;
    }

    /** Ids held (each remembered id once). */
    int size() {
        return size;
    }

    /** Whether the set holds the id ({@code h}: its {@link DuplicateFilter#mix}); exact. */
    synchronized boolean contains(int app, long msb, long lsb, long h) {
        return find(app, msb, lsb, h) >= 0;
    }

    /** Adds one request's ids; {@code hashes[i]} is the {@link DuplicateFilter#mix} of the i-th. */
    synchronized void addAll(int app, RequestIds ids, long[] hashes) {
        long[] t = table;
        int mask = slots - 1;
        long sink = 0;
        // The first slot and the Bloom word of every id are read before any is inserted: nearly every such read is
        // a cache miss, and these loads do not depend on one another, so the CPU overlaps their misses, and the
        // inserts that follow (whose probing branches defeat that overlap) find the lines in cache (software
        // prefetching, in effect).
        for (int i = 0; i < ids.size(); i++) {
            sink += t[3 * ((int) hashes[i] & mask)] + bloom.touch(hashes[i], parity);
        }
        touched = sink;
        for (int i = 0; i < ids.size(); i++) {
            add(app, ids.msb[i], ids.lsb[i], hashes[i]);
        }
    }

    private void add(int app, long msb, long lsb, long h) {
        int slot = find(app, msb, lsb, h);
        if (slot >= 0) {
            return;
        }
        if (2 * (size + 1) > slots) {
            grow();
            slot = find(app, msb, lsb, h);
        }
        put(-slot - 1, app, msb, lsb);
        bloom.add(h, parity);
        size++;
    }

    /** The slot holding the id ({@code h} its hash), or {@code -(free slot) - 1} where it would go. */
    private int find(long app, long msb, long lsb, long h) {
        long[] t = table;
        int mask = slots - 1;
        int slot = (int) h & mask;
        while (true) {
            int i = 3 * slot;
            long a = t[i];
            if (a == 0) {
                return -slot - 1;
            }
            if (a == app && t[i + 1] == msb && t[i + 2] == lsb) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void put(int slot, long app, long msb, long lsb) {
        table[3 * slot] = app;
        table[3 * slot + 1] = msb;
        table[3 * slot + 2] = lsb;
    }

    private void grow() {
        long[] old = table;
        slots *= 2;
        table = new long[3 * slots];
        // The Bloom filter is not rebuilt: it is sized for the whole generation and its bits stay true.
        for (int i = 0; i < old.length; i += 3) {
            if (old[i] != 0) {
                long h = DuplicateFilter.mix((int) old[i], old[i + 1], old[i + 2]);
                put(-find(old[i], old[i + 1], old[i + 2], h) - 1, old[i], old[i + 1], old[i + 2]);
            }
        }
    }
}
