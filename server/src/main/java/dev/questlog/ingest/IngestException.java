package dev.questlog.ingest;

import java.util.List;

/**
 * A request the collector refuses as a whole, with the HTTP status it maps to: 400 (malformed body, or no valid
 * event: then {@link #rejected()} lists why), 413 (too large), 415 (unsupported type or encoding), 429/503
 * (back-pressure: retry after {@link #retryAfterSeconds()}).
 */
public final class IngestException extends RuntimeException {
    private final int status;
    private final List<Rejection> rejected;
    private final long retryAfterSeconds;

    public IngestException(int status, String message) {
        this(status, message, List.of(), 0);
    }

    public IngestException(int status, String message, List<Rejection> rejected, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.rejected = List.copyOf(rejected);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** For 400 "nothing valid": the rejected events; else empty. */
    public List<Rejection> rejected() {
        return rejected;
    }

    /** Seconds for {@code Retry-After} (429/503), else 0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
