package dev.questlog.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between callers of {@code track} and the sender thread. {@link #offer} never waits (the
 * lock is held for a deque operation only); the sender waits in {@link #poll} until an event arrives, its deadline
 * passes, or {@link #wake()} is called (flush, close). Thread-safe.
 */
final class EventQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ClientEvent> items = new ArrayDeque<>();
    private final int capacity;
    private final OverflowPolicy policy;
    private boolean woken;

    EventQueue(int capacity, OverflowPolicy policy) {
        this.capacity = capacity;
        this.policy = policy;
    }

    /** Adds the event; returns the event that had to be dropped to respect the capacity, or null. */
    ClientEvent offer(ClientEvent event) {
        lock.lock();
        try {
            ClientEvent dropped = null;
            if (items.size() >= capacity) {
                if (policy == OverflowPolicy.DROP_NEWEST) {
                    return event;
                }
                dropped = items.pollFirst();
            }
            items.addLast(event);
            changed.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest event, waiting until {@code deadlineNanos} (a {@link System#nanoTime()} value) at most; null when the
     * deadline passed or {@link #wake()} was called while empty.
     */
    ClientEvent poll(long deadlineNanos) {
        lock.lock();
        try {
            while (items.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (woken || left <= 0) {
                    woken = false;
                    return null;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return items.pollFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code deadlineNanos} or {@link #wake()}, whichever is first (the sender's backoff sleep). */
    void await(long deadlineNanos) {
        lock.lock();
        try {
            while (!woken) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #poll} or {@link #await} return now. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<ClientEvent> drainAll() {
        lock.lock();
        try {
            List<ClientEvent> all = new ArrayList<>(items);
            items.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
