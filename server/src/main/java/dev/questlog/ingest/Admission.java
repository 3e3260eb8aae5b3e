package dev.questlog.ingest;

import dev.questlog.config.CollectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Back-pressure at the door: bounds requests and body bytes in flight, refuses work while the log's appends lag
 * or the disk is nearly full. Every refusal is a {@link Refusal} that the HTTP layer answers 429 or 503 with
 * {@code Retry-After}; nothing is accepted that cannot be made durable. Thread-safe.
 */
final class Admission {
    private final CollectorConfig config;
    private final Path dataDir;
    private final LongSupplier nanoTime;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    /** Start time (nanos) of each pending append, by a unique ticket number. */
    private final ConcurrentSkipListMap<Long, Long> pendingAppends = new ConcurrentSkipListMap<>();
    private final AtomicLong appendTickets = new AtomicLong();
    private volatile long freeDiskBytes = Long.MAX_VALUE;
    private volatile long freeDiskCheckedNanos = Long.MIN_VALUE;

    /** Why a request was refused: the status (429 or 503) and a reason for the JSON answer. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    Admission(CollectorConfig config, Path dataDir, LongSupplier nanoTime) {
        this.config = config;
        this.dataDir = dataDir;
        this.nanoTime = nanoTime;
    }

    /** Admits a request, or throws a {@link Refusal}; an admitted request must call {@link #releaseRequest()}. */
    void admitRequest() {
        if (requests.incrementAndGet() > config.maxInflightRequests()) {
            requests.decrementAndGet();
            throw new Refusal(429, "too many requests in flight (" + config.maxInflightRequests() + "); retry later");
        }
        try {
            checkAppendLag();
            checkDisk();
        } catch (Refusal r) {
            requests.decrementAndGet();
            throw r;
        }
    }

    void releaseRequest() {
        requests.decrementAndGet();
    }

    /** Reserves body bytes, or throws a {@link Refusal}; release them with {@link #releaseBytes}. */
    void reserveBytes(long n) {
        long after = bytes.addAndGet(n);
        // A lone request is always let through, so a body bigger than the limit alone is not refused forever.
        if (after > config.maxInflightBytes() && after != n) {
            bytes.addAndGet(-n);
            throw new Refusal(429, "too many body bytes in flight (" + config.maxInflightBytes() + "); retry later");
        }
    }

    void releaseBytes(long n) {
        bytes.addAndGet(-n);
    }

    /** Marks the start of an append; pass the ticket to {@link #appendDone} when it completes either way. */
    long appendStarted() {
        long ticket = appendTickets.incrementAndGet();
        pendingAppends.put(ticket, nanoTime.getAsLong());
        return ticket;
    }

    void appendDone(long ticket) {
        pendingAppends.remove(ticket);
    }

    private void checkAppendLag() {
        var oldest = pendingAppends.firstEntry();
        if (oldest != null && nanoTime.getAsLong() - oldest.getValue() > config.maxAppendWait().toNanos()) {
            throw new Refusal(503, "the log is not keeping up (an append has waited over "
                    + config.maxAppendWait().toMillis() + " ms); retry later");
        }
    }

    private void checkDisk() {
        if (config.minFreeDiskBytes() == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        // Statting the file system on every request is wasteful; once per 100 ms is fresh enough.
        if (now - freeDiskCheckedNanos > 100_000_000L || freeDiskCheckedNanos == Long.MIN_VALUE) {
            freeDiskBytes = usableSpace();
            freeDiskCheckedNanos = now;
        }
        if (freeDiskBytes < config.minFreeDiskBytes()) {
            throw new Refusal(503, "the data disk is nearly full (" + freeDiskBytes + " bytes free, need "
                    + config.minFreeDiskBytes() + "); retry later");
        }
    }

    private long usableSpace() {
        try {
            Files.createDirectories(dataDir);
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    int requestsInFlight() {
        return requests.get();
    }

    long bytesInFlight() {
        return bytes.get();
    }
}
