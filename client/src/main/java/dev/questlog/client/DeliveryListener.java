package dev.questlog.client;

import java.util.List;

/**
 * Hears about events that will never reach the server. Called on the SDK's sender thread, except
 * {@link #onDropped} for a full queue, which runs on the thread that called {@code track}: keep it short and
 * non-blocking. Exceptions thrown here are logged and ignored.
 */
public interface DeliveryListener {
    /** The server answered and refused these events for good (they are not retried). */
    default void onRejected(List<Rejection> rejections) {
    }

    /**
     * These events were given up without the server's verdict: the queue was full, retries ran out, the client was
     * closed before they could be sent (and there is no spool), or the spool was full.
     *
     * @param eventIds the ids of the dropped events
     * @param reason   why, in words
     */
    default void onDropped(List<String> eventIds, String reason) {
    }

    /** A listener that ignores everything (the counters in {@link ClientStats} still count). */
    static DeliveryListener none() {
        return new DeliveryListener() {
        };
    }
}
