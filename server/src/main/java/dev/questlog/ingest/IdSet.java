package dev.questlog.ingest;

/**
 * One generation of the {@link DuplicateFilter}: a set of (app number, UUID) held in one primitive array (open
 * addressing, linear probing; a slot is three adjacent longs, so a probe touches one cache line), so that a million
 * remembered ids are one array rather than a million objects for the garbage collector to trace and copy. Such a
 * table does not fit in the CPU's caches, and nearly every id looked up is new, so a small blocked Bloom filter (one
 * 64-bit word per id, 8 bits per slot: an eighth of the table) answers most lookups without touching the table;
 * only its "maybe" (a duplicate, or about 1% false alarms) is checked exactly in the table. Grows by doubling
 * while more than half full. Thread-safe (synchronized: a lookup is a few array reads, so the lock is held only
 * briefly).
 */
final class IdSet {
    private static final int INITIAL_SLOTS = 1024;

    private final long startedMillis;
    /** Slot i is {@code [3i] = app number (0: empty; numbers start at 1), [3i+1] = msb, [3i+2] = lsb}. */
    private long[] table;
    private int slots;
    /** Bloom filter over the table's ids: one word per id (chosen by the hash's high bits), four bits set in it. */
    private long[] bloom;
    private volatile int size;
    /** Written by {@link #addAll} so that its first loads are not optimised away. */
    private long touched;

    IdSet(long startedMillis) {
        this(startedMillis, INITIAL_SLOTS);
    }

    /** @param slots initial table size, a power of two (the size of the generation this one replaces) */
    IdSet(long startedMillis, int slots) {
        if (slots < INITIAL_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two >= " + INITIAL_SLOTS + ", was " + slots);
        }
        this.startedMillis = startedMillis;
        this.slots = slots;
        this.table = new long[3 * slots];
        this.bloom = new long[slots / 8];
    }

    synchronized int slots() {
        return slots;
    }

    long startedMillis() {
        return startedMillis;
    }

    /** Ids held (each remembered id once). */
    int size() {
        return size;
    }

    /** Sets {@code out[i]} when the i-th UUID of {@code ids} (of app {@code app}) is held; leaves the others alone. */
    synchronized void markContained(int app, RequestIds ids, boolean[] out) {
        for (int i = 0; i < ids.size(); i++) {
            if (!out[i]) {
                long h = DuplicateFilter.mix(app, ids.msb[i], ids.lsb[i]);
                out[i] = mightContain(h) && find(app, ids.msb[i], ids.lsb[i], h) >= 0;
            }
        }
    }

    synchronized void addAll(int app, RequestIds ids) {
        long[] t = table;
        int mask = slots - 1;
        long sink = 0;
        // The first slot of every id is read before any is inserted: nearly every such read is a cache miss, and
        // these loads do not depend on one another, so the CPU overlaps their misses, and the inserts that follow
        // find the lines in cache (software prefetching, in effect).
        for (int i = 0; i < ids.size(); i++) {
            sink += t[3 * ((int) DuplicateFilter.mix(app, ids.msb[i], ids.lsb[i]) & mask)];
        }
        touched = sink;
        for (int i = 0; i < ids.size(); i++) {
            add(app, ids.msb[i], ids.lsb[i]);
        }
    }

    private void add(int app, long msb, long lsb) {
        long h = DuplicateFilter.mix(app, msb, lsb);
        int slot = find(app, msb, lsb, h);
        if (slot >= 0) {
            return;
        }
        if (2 * (size + 1) > slots) {
            grow();
            slot = find(app, msb, lsb, h);
        }
        put(-slot - 1, app, msb, lsb, h);
        size++;
    }

    private boolean mightContain(long h) {
        long bits = bloomBits(h);
        return (bloom[bloomWord(h)] & bits) == bits;
    }

    private int bloomWord(long h) {
        return (int) (h >>> 40) & (bloom.length - 1);
    }

    private static long bloomBits(long h) {
        return 1L << (h >>> 16) | 1L << (h >>> 22) | 1L << (h >>> 28) | 1L << (h >>> 34);
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

    private void put(int slot, long app, long msb, long lsb, long h) {
        table[3 * slot] = app;
        table[3 * slot + 1] = msb;
        table[3 * slot + 2] = lsb;
        bloom[bloomWord(h)] |= bloomBits(h);
    }

    private void grow() {
        long[] old = table;
        slots *= 2;
        table = new long[3 * slots];
        bloom = new long[slots / 8];
        for (int i = 0; i < old.length; i += 3) {
            if (old[i] != 0) {
                long h = DuplicateFilter.mix((int) old[i], old[i + 1], old[i + 2]);
                put(-find(old[i], old[i + 1], old[i + 2], h) - 1, old[i], old[i + 1], old[i + 2], h);
            }
        }
    }
}
