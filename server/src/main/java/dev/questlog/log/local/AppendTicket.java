package dev.questlog.log.local;

import dev.questlog.log.Appended;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code append} call, possibly spread over several partitions: each partition fills in its records' positions
 * when it encodes them and reports when its batch is durable; the future completes when all have.
 */
final class AppendTicket {
    final CompletableFuture<List<Appended>> future = new CompletableFuture<>();
    final Appended[] results;
    private final AtomicInteger remainingParts;

    AppendTicket(int records, int parts) {
        this.results = new Appended[records];
        this.remainingParts = new AtomicInteger(parts);
    }

    /** One partition's batch is durable. Dependent stages of the future run on the calling (writer) thread. */
    void partDone() {
        if (remainingParts.decrementAndGet() == 0) {
            future.complete(Collections.unmodifiableList(Arrays.asList(results)));
        }
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
