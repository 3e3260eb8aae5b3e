package dev.questlog.client;

import java.util.List;

/**
 * The {@code POST /v1/events} bodies the SDK sends, for tools that build requests without a client (load generators,
 * the simulator's pre-built bodies). Stateless and thread-safe.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * A JSON array of {@code events} (each a compact JSON object ending in {@code '}'}), each stamped with
     * {@code sent_at}; gzip-compressed at the fastest level when {@code gzip}.
     */
    public static byte[] batch(List<byte[]> events, long sentAtMillis, boolean gzip) {
        return EventWriter.body(events, sentAtMillis, gzip);
    }
}
