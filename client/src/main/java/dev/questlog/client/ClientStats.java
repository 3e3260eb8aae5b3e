package dev.questlog.client;

/**
 * A snapshot of a client's counters, all in events (not requests) since the client was built.
 *
 * @param tracked        events given to {@code track}
 * @param sent           event transmissions: every attempt counts, so a retried event counts twice
 * @param accepted       events the server acknowledged (a duplicate the server recognises counts as accepted)
 * @param rejected       events the server refused for good
 * @param duplicates     of the accepted, events the server already had (a retry or replay of a delivered event)
 * @param dropped        events given up without the server's verdict (queue full, retries exhausted, closed)
 * @param retried        event transmissions that were retries of an earlier attempt
 * @param replayed       events read back from the spool that an earlier run left behind
 * @param queued         events waiting in memory right now
 * @param spooledBatches batches waiting on disk right now
 */
public record ClientStats(long tracked, long sent, long accepted, long rejected, long duplicates, long dropped, long retried,
                          long replayed, int queued, int spooledBatches) {
}
