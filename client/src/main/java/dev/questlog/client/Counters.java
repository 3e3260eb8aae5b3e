package dev.questlog.client;

import java.util.concurrent.atomic.LongAdder;

/** The client's counters; LongAdders because {@code track} may be called from many threads at once. */
final class Counters {
    final LongAdder tracked = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder replayed = new LongAdder();
    /** Events tracked by this client whose fate is decided (accepted, rejected or dropped): what flush waits for. */
    final LongAdder settled = new LongAdder();
}
