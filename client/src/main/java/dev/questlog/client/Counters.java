package dev.questlog.client;

import java.util.concurrent.atomic.LongAdder;

/** The client's counters; LongAdders because {@code track} may be called from many threads at once. */
final class Counters {
    final LongAdder tracked = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder replayed = new LongAdder();
    /**
     * Events whose fate is decided (accepted, rejected or dropped), those tracked by this client and those it
     * recovered from the spool: what flush waits for.
     */
    final LongAdder settled = new LongAdder();
    /** Events found in the spool at start (fixed after construction). */
    volatile long recovered;
}
