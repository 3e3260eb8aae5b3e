package dev.questlog.log.local;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes consumers waiting in {@code poll} when a writer publishes new records of a stream. The writer pays a lock
 * only when someone waits. Thread-safe.
 */
final class DataSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();

    long version() {
        return version.get();
    }

    /** Called after new records became visible. */
    void signal() {
        version.incrementAndGet();
        if (waiters.get() > 0) {
            lock.lock();
            try {
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until a signal after {@code seen} (a {@link #version()} read before looking for data) or the timeout. */
    void await(long seen, long nanos) throws InterruptedException {
        lock.lock();
        waiters.incrementAndGet();
        try {
            long left = nanos;
            while (version.get() == seen && left > 0) {
                left = arrived.awaitNanos(left);
            }
        } finally {
            waiters.decrementAndGet();
            lock.unlock();
        }
    }
}
