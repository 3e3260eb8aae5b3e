package dev.questlog.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The QuestLog producer SDK: hands events to a background sender that batches, gzips and POSTs them to
 * {@code /v1/events}, retrying what the server did not take for a retryable reason.
 *
 * <p>{@link #track} is safe to call from any thread, never blocks and never does I/O: it stamps the event's
 * per-session {@code seq} and puts it in a bounded queue (when full, the {@link OverflowPolicy} decides what is
 * dropped, and {@link ClientStats#dropped()} counts it). One daemon thread per client does all the I/O. With a
 * spool directory, batches that cannot be delivered now wait on disk and are replayed, also by the next client that
 * opens the same directory (e.g. after a game server restart).
 *
 * <pre>{@code
 * try (QuestLogClient ql = QuestLogClient.builder(URI.create("http://localhost:8080"), serverKey).build()) {
 *     ql.track("match_start", "level_id", "dust_valley", "players", 8);
 * }
 * }</pre>
 */
public final class QuestLogClient implements AutoCloseable {
    private final Settings settings;
    private final InstantSource clock;
    private final EventQueue queue;
    private final Counters counters = new Counters();
    private final Sender sender;
    private final Thread thread;
    private final HttpTransport transport;
    private final DeliveryListener listener;
    private final ConcurrentHashMap<String, AtomicLong> sessionSeq = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private QuestLogClient(Builder b) {
        this.settings = b.settings();
        this.clock = b.clock;
        this.listener = b.listener;
        this.queue = new EventQueue(settings.queueCapacity(), settings.overflow());
        this.transport = new HttpTransport(b.url, b.key, settings.requestTimeout(), settings.gzip());
        Spool spool = b.spoolDir == null ? null : new Spool(b.spoolDir, b.spoolMaxBytes);
        this.sender = new Sender(queue, transport, spool, settings, clock, listener, counters);
        try {
            sender.recover();
        } catch (IOException e) {
            spool.close();
            throw new UncheckedIOException("cannot read spool directory " + b.spoolDir, e);
        }
        this.thread = Thread.ofPlatform().name("questlog-sender").daemon().unstarted(sender);
        thread.start();
    }

    /** A builder for a client that sends to {@code url} (the server's base address) with API key {@code key}. */
    public static Builder builder(URI url, String key) {
        return new Builder(url, key);
    }

    /** A builder for an event stamped now by this client's clock, with a fresh UUIDv7. */
    public ClientEvent.Builder event(String eventType) {
        return new ClientEvent.Builder(eventType, clock.millis(), null);
    }

    /** Tracks an event built from alternating field names and values; see {@link #track(ClientEvent)}. */
    public ClientEvent track(String eventType, Object... namesAndValues) {
        return track(event(eventType).set(namesAndValues).build());
    }

    /**
     * Queues an event for sending; never blocks, never does I/O. An event without a sequence number gets the next
     * {@code seq} of its session (by {@code session_id}; events without one share a client-wide sequence); an event
     * that has one already (a deliberate re-send) keeps it. The session's counter is forgotten when its
     * {@code session_end} is tracked.
     *
     * @return the event as queued (with its seq), or as it was dropped when the queue is full or the client closed
     */
    public ClientEvent track(ClientEvent event) {
        ClientEvent stamped = event.seq() > 0 ? event : event.withSeq(nextSeq(event));
        counters.tracked.increment();
        if (closed.get()) {
            dropOnTrack(stamped, "client closed");
            return stamped;
        }
        ClientEvent dropped = queue.offer(stamped);
        if (dropped != null) {
            dropOnTrack(dropped, "queue full");
        }
        return stamped;
    }

    private long nextSeq(ClientEvent event) {
        String session = event.sessionKey();
        long seq = sessionSeq.computeIfAbsent(session, s -> new AtomicLong()).incrementAndGet();
        if ("session_end".equals(event.eventType()) && !session.isEmpty()) {
            sessionSeq.remove(session);
        }
        return seq;
    }

    private void dropOnTrack(ClientEvent event, String reason) {
        counters.dropped.increment();
        counters.settled.increment();
        try {
            listener.onDropped(List.of(event.eventId().toString()), reason);
        } catch (RuntimeException e) {
            System.getLogger(QuestLogClient.class.getName()).log(System.Logger.Level.WARNING,
                    "QuestLog: delivery listener failed", e);
        }
    }

    /**
     * Sends what is queued without waiting for the linger time and waits until every event tracked before this call,
     * and every event recovered from the spool at start, is settled (accepted, rejected or dropped). Returns within
     * {@code timeout} whatever the network does.
     *
     * @return true if all those are settled; false on timeout (the rest is still queued, pending a retry or spooled)
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return sender.awaitSettled(target(), deadline);
    }

    private long target() {
        return counters.tracked.sum() + counters.recovered;
    }

    /**
     * Flushes for most of {@code timeout}, then stops the sender: a request still in flight is abandoned, and what
     * was not delivered is written to the spool (if any; replayed by the next client on the directory) or counted
     * as dropped, by the time this returns unless the sender thread could not wind down within the last fifth of
     * the timeout (at most 250 ms are set aside for it). Returns within {@code timeout} (plus the few milliseconds a
     * spool write takes). Idempotent.
     *
     * @return true if everything tracked was settled before the sender stopped
     */
    public boolean close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return counters.settled.sum() >= target();
        }
        long start = System.nanoTime();
        long total = Math.max(0, timeout.toNanos());
        long reserve = Math.min(total / 5, Duration.ofMillis(250).toNanos());
        boolean settled = sender.awaitSettled(target(), start + total - reserve);
        sender.stop();
        try {
            thread.join(Duration.ofNanos(Math.max(1_000_000, start + total - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        return settled;
    }

    /** {@link #close(Duration)} with the builder's close timeout. */
    @Override
    public void close() {
        close(settings.closeTimeout());
    }

    /** A snapshot of the counters; any thread. */
    public ClientStats stats() {
        return new ClientStats(counters.tracked.sum(), counters.sent.sum(), counters.accepted.sum(),
                counters.rejected.sum(), counters.duplicates.sum(), counters.dropped.sum(), counters.retried.sum(), counters.replayed.sum(),
                queue.size(), sender.spooledBatches());
    }

    /**
     * The sender's tuning, validated.
     *
     * @param maxBatchEvents most events per request
     * @param maxBatchBytes  most bytes of event JSON per request (before gzip); a single larger event goes alone
     * @param linger         how long a batch waits for more events after its first
     * @param queueCapacity  most events waiting in memory
     * @param overflow       what a full queue drops
     * @param gzip           whether request bodies are gzip-compressed
     * @param retry          backoff for retryable failures
     * @param requestTimeout longest wait for one request's answer
     * @param closeTimeout   what {@link #close()} passes to {@link #close(Duration)}
     */
    record Settings(int maxBatchEvents, long maxBatchBytes, Duration linger, int queueCapacity,
                    OverflowPolicy overflow, boolean gzip, RetryPolicy retry, Duration requestTimeout,
                    Duration closeTimeout) {
        Settings {
            positive("maxBatchEvents", maxBatchEvents);
            positive("maxBatchBytes", maxBatchBytes);
            positive("queueCapacity", queueCapacity);
            Objects.requireNonNull(overflow, "overflow");
            Objects.requireNonNull(retry, "retry");
            nonNegative("linger", linger);
            nonNegative("closeTimeout", closeTimeout);
            if (requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
            }
        }

        private static void positive(String name, long value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + value);
            }
        }

        private static void nonNegative(String name, Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
        }
    }

    /** Configures a {@link QuestLogClient}; defaults suit a game server sending a few thousand events a second. */
    public static final class Builder {
        private final URI url;
        private final String key;
        private int maxBatchEvents = 500;
        private long maxBatchBytes = 1L << 20;
        private Duration linger = Duration.ofMillis(200);
        private int queueCapacity = 100_000;
        private OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
        private boolean gzip = true;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Path spoolDir;
        private long spoolMaxBytes = 1L << 30;
        private InstantSource clock = InstantSource.system();
        private DeliveryListener listener = DeliveryListener.none();

        private Builder(URI url, String key) {
            this.url = Objects.requireNonNull(url, "url");
            this.key = Objects.requireNonNull(key, "key");
            if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("url must be http(s)://host:port, was " + url);
            }
        }

        /** Most events per request (default 500). */
        public Builder maxBatchEvents(int n) {
            this.maxBatchEvents = n;
            return this;
        }

        /** Most bytes of event JSON per request, before compression (default 1 MiB). */
        public Builder maxBatchBytes(long bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        /** How long a batch waits for more events once it has one (default 200 ms; 0 sends at once). */
        public Builder linger(Duration d) {
            this.linger = Objects.requireNonNull(d, "linger");
            return this;
        }

        /** Most events waiting in memory (default 100,000). */
        public Builder queueCapacity(int n) {
            this.queueCapacity = n;
            return this;
        }

        /** What a full queue drops (default {@link OverflowPolicy#DROP_OLDEST}). */
        public Builder overflow(OverflowPolicy policy) {
            this.overflow = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Whether to gzip request bodies (default true). */
        public Builder gzip(boolean on) {
            this.gzip = on;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Longest wait for one request's answer (default 10 s); a slower request counts as a network failure. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
            return this;
        }

        /** The timeout {@link QuestLogClient#close()} uses (default 5 s). */
        public Builder closeTimeout(Duration d) {
            this.closeTimeout = Objects.requireNonNull(d, "closeTimeout");
            return this;
        }

        /**
         * Keeps undeliverable batches in {@code dir} (at most {@code maxBytes}) and replays them, also across
         * restarts. One client per directory.
         */
        public Builder spool(Path dir, long maxBytes) {
            this.spoolDir = Objects.requireNonNull(dir, "dir");
            if (maxBytes < 1) {
                throw new IllegalArgumentException("spool maxBytes must be >= 1, was " + maxBytes);
            }
            this.spoolMaxBytes = maxBytes;
            return this;
        }

        /** The clock for event timestamps and {@code sent_at} (default: the system clock). */
        public Builder clock(InstantSource source) {
            this.clock = Objects.requireNonNull(source, "clock");
            return this;
        }

        public Builder listener(DeliveryListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        private Settings settings() {
            return new Settings(maxBatchEvents, maxBatchBytes, linger, queueCapacity, overflow, gzip, retry,
                    requestTimeout, closeTimeout);
        }

        /** Starts the client's sender thread (and replays its spool, if any). */
        public QuestLogClient build() {
            return new QuestLogClient(this);
        }
    }
}
