package dev.questlog.client;

import java.time.Duration;
import java.util.List;

/** What became of one POST of a batch. */
sealed interface SendOutcome {
    /**
     * 200: the server took {@code accepted} events durably ({@code duplicates} of them it had already) and refused
     * {@code rejected} for good.
     */
    record Answered(int accepted, int duplicates, List<Rejection> rejected) implements SendOutcome {
    }

    /** Worth retrying the whole batch (network error, timeout, 429, 5xx); {@code retryAfter} may be null. */
    record Retryable(String reason, Duration retryAfter) implements SendOutcome {
    }

    /** The whole batch was refused for good (400 with nothing valid, 401, 403, 413, 415, …). */
    record Refused(List<Rejection> rejected) implements SendOutcome {
    }

    /** The client is closing and the request was abandoned; the batch's fate is decided at shutdown. */
    record Abandoned() implements SendOutcome {
    }
}
