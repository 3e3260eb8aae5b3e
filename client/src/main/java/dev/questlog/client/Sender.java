package dev.questlog.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one thread that does I/O: forms batches from the queue (by count, bytes and linger time), sends them in
 * order, retries the retryable ones with backoff, and keeps a backlog in the spool while the server is away.
 * Without a spool at most one batch is pending, so a long outage fills the queue and its overflow policy applies;
 * with a spool, batches formed during an outage go to disk, behind the backlog, and nothing is given up.
 */
final class Sender implements Runnable {
    private static final System.Logger LOG = System.getLogger(Sender.class.getName());

    private final EventQueue queue;
    private final HttpTransport transport;
    private final Spool spool;
    private final QuestLogClient.Settings settings;
    private final InstantSource clock;
    private final DeliveryListener listener;
    private final Counters counters;
    private final SplittableRandom random = new SplittableRandom();
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();
    private final Object progress = new Object();
    final AtomicInteger flushers = new AtomicInteger();
    private volatile boolean stopping;
    private ClientEvent carry;
    private byte[] carryJson;

    Sender(EventQueue queue, HttpTransport transport, Spool spool, QuestLogClient.Settings settings,
           InstantSource clock, DeliveryListener listener, Counters counters) {
        this.queue = queue;
        this.transport = transport;
        this.spool = spool;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.counters = counters;
    }

    /** Queues the batches an earlier run spooled; call before the thread starts. */
    void recover() throws IOException {
        if (spool != null) {
            List<Batch> found = spool.recover();
            pending.addAll(found);
            counters.recovered = found.stream().mapToLong(Batch::size).sum();
        }
    }

    int spooledBatches() {
        return spool == null ? 0 : spool.files();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                step();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "QuestLog sender stopped by an unexpected error", e);
            throw e;
        } finally {
            shutdown();
        }
    }

    private void step() {
        Batch head = pending.peekFirst();
        if (head != null && System.nanoTime() - head.notBeforeNanos >= 0) {
            attempt(head);
            return;
        }
        long waitUntil = head == null ? System.nanoTime() + Duration.ofSeconds(1).toNanos() : head.notBeforeNanos;
        if (head != null && spool == null) {
            queue.await(waitUntil);
            return;
        }
        Batch formed = form(waitUntil);
        if (formed == null) {
            return;
        }
        if (head != null && !toSpool(formed)) {
            return;
        }
        pending.addLast(formed);
    }

    /** Collects the next batch: waits for a first event until {@code waitUntil}, then lingers for more. */
    private Batch form(long waitUntil) {
        Batch.Builder b = Batch.open();
        if (carry != null) {
            b.add(carry.eventId().toString(), carryJson);
            carry = null;
        } else {
            ClientEvent first = queue.poll(waitUntil);
            if (first == null) {
                return null;
            }
            b.add(first.eventId().toString(), EventWriter.write(first));
        }
        long lingerEnd = System.nanoTime() + settings.linger().toNanos();
        while (b.size() < settings.maxBatchEvents() && !stopping) {
            ClientEvent next = queue.poll(flushers.get() > 0 ? System.nanoTime() : lingerEnd);
            if (next == null) {
                break;
            }
            byte[] json = EventWriter.write(next);
            if (b.bytes() + json.length + 1 > settings.maxBatchBytes()) {
                carry = next;
                carryJson = json;
                break;
            }
            b.add(next.eventId().toString(), json);
        }
        return b.build();
    }

    private void attempt(Batch batch) {
        if (!batch.loaded() && !load(batch)) {
            return;
        }
        byte[] body = EventWriter.body(batch.events(), clock.millis(), settings.gzip());
        counters.sent.add(batch.size());
        if (batch.attempts > 0) {
            counters.retried.add(batch.size());
        }
        batch.attempts++;
        SendOutcome outcome = transport.send(body, batch.eventIds());
        switch (outcome) {
            case SendOutcome.Answered a -> {
                counters.accepted.add(a.accepted());
                counters.duplicates.add(a.duplicates());
                rejected(batch, a.rejected());
            }
            case SendOutcome.Refused r -> rejected(batch, r.rejected());
            case SendOutcome.Retryable r -> retryLater(batch, r);
            case SendOutcome.Abandoned ignored -> {
            }
        }
    }

    private void rejected(Batch batch, List<Rejection> rejections) {
        counters.rejected.add(rejections.size());
        if (!rejections.isEmpty()) {
            notify(l -> l.onRejected(rejections));
        }
        finish(batch);
    }

    private void retryLater(Batch batch, SendOutcome.Retryable r) {
        if (spool == null && batch.attempts >= settings.retry().maxAttempts()) {
            LOG.log(Level.WARNING, "QuestLog: dropping {0} events after {1} attempts, last: {2}", batch.size(),
                    batch.attempts, r.reason());
            drop(batch, "gave up after " + batch.attempts + " attempts: " + r.reason());
            return;
        }
        if (spool != null && batch.file == null && !toSpool(batch)) {
            return;
        }
        Duration delay = settings.retry().delay(batch.attempts, r.retryAfter(), random);
        batch.notBeforeNanos = System.nanoTime() + delay.toNanos();
        batch.unload();
    }

    /** Spools a batch; when the spool is full or fails, the batch is dropped and false returned. */
    private boolean toSpool(Batch batch) {
        try {
            if (spool.write(batch)) {
                batch.unload();
                return true;
            }
            pending.remove(batch);
            drop(batch, "spool full");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "QuestLog: cannot write spool file", e);
            pending.remove(batch);
            drop(batch, "spool write failed: " + e);
        }
        return false;
    }

    private boolean load(Batch batch) {
        try {
            spool.load(batch);
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "QuestLog: unreadable spool file " + batch.file + "; skipping it", e);
            pending.remove(batch);
            counters.dropped.add(batch.size());
            settle(batch);
            deleteQuietly(batch);
            return false;
        }
    }

    private void drop(Batch batch, String reason) {
        counters.dropped.add(batch.size());
        List<String> ids = batch.eventIds() == null ? List.of() : List.copyOf(batch.eventIds());
        notify(l -> l.onDropped(ids, reason));
        finish(batch);
    }

    private void finish(Batch batch) {
        pending.remove(batch);
        deleteQuietly(batch);
        if (batch.fromEarlierRun) {
            counters.replayed.add(batch.size());
        }
        settle(batch);
    }

    private void settle(Batch batch) {
        counters.settled.add(batch.size());
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void deleteQuietly(Batch batch) {
        if (spool != null) {
            try {
                spool.delete(batch);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "QuestLog: cannot delete spool file " + batch.file, e);
            }
        }
    }

    private void notify(Consumer<DeliveryListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "QuestLog: delivery listener failed", e);
        }
    }

    /** Waits until {@code target} events tracked by this client are settled, or until the deadline. */
    boolean awaitSettled(long target, long deadlineNanos) {
        flushers.incrementAndGet();
        queue.wake();
        try {
            synchronized (progress) {
                while (counters.settled.sum() < target) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    progress.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return counters.settled.sum() >= target;
        } finally {
            flushers.decrementAndGet();
        }
    }

    /** Tells the thread to stop: abandons the request in flight, then {@link #shutdown} runs on the thread. */
    void stop() {
        stopping = true;
        transport.abandon();
        queue.wake();
    }

    /**
     * Final step on the sender thread: what is still in memory goes to the spool, or is counted as dropped; then
     * the spool directory is unlocked for the next client.
     */
    private void shutdown() {
        List<Batch> leftovers = new ArrayList<>();
        for (Batch b : pending) {
            if (b.file == null) {
                leftovers.add(b);
            }
        }
        pending.clear();
        Batch.Builder rest = Batch.open();
        if (carry != null) {
            rest.add(carry.eventId().toString(), carryJson);
        }
        for (ClientEvent e : queue.drainAll()) {
            rest.add(e.eventId().toString(), EventWriter.write(e));
        }
        if (rest.size() > 0) {
            leftovers.add(rest.build());
        }
        for (Batch b : leftovers) {
            if (spool == null) {
                drop(b, "client closed before delivery");
            } else {
                toSpool(b);
            }
        }
        if (spool != null) {
            spool.close(); // the sender owns the spool: released only once everything is on disk
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
