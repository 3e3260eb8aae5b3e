package dev.questlog.ingest;

import java.util.List;

/**
 * The answer to an accepted request: everything counted in {@code accepted} is durable in stream {@code events}
 * (or was already, for {@code duplicates}); every rejection is durable in stream {@code failed-events}.
 *
 * @param accepted   valid events acknowledged, duplicates included
 * @param duplicates of those, events already accepted within the dedupe window and not appended again
 * @param rejected   the rejected events, by index
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {
    public IngestResult {
        rejected = List.copyOf(rejected);
        if (accepted < 0 || duplicates < 0 || duplicates > accepted) {
            throw new IllegalArgumentException("need 0 <= duplicates <= accepted, were " + duplicates + ", " + accepted);
        }
    }
}
