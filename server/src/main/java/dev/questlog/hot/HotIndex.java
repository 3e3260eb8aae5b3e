package dev.questlog.hot;

import dev.questlog.config.HotConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;

/**
 * The hot tier: the last days of events, searchable seconds after ingest. One index per UTC day of event time; the
 * {@code event_id} is the document id, so a replayed or duplicated event is stored once.
 *
 * <p>Lifecycle: open → {@link #index} (batches) → {@link #refresh} (makes them searchable, often) →
 * {@link #commit} (makes them durable; only then may the consumer commit its stream offset) → close.
 * Thread-safety: {@link #index}, {@link #commit} and {@link #enforceRetention} are called by one consumer thread;
 * {@link #search} and {@link #refresh} may be called from any thread at any time.
 */
public interface HotIndex extends AutoCloseable {

    /**
     * Indexes stored events (each the JSON value of a record of stream {@code events}). Applies the drop rules and
     * the retention. Returns once they are in the index writer's buffer: searchable after the next refresh, durable
     * after the next commit. An event that cannot be read or indexed is skipped, counted as failed and logged
     * (throttled).
     *
     * @throws UncheckedIOException when the index itself failed (disk full, I/O error, a day closed by a failure);
     *         part of the batch may be indexed: index it again after {@link #recover} (replays are idempotent)
     */
    IndexCounts index(List<byte[]> storedEvents);

    /** Makes everything indexed so far visible to searches. */
    void refresh();

    /** Makes everything indexed so far durable on disk; returns once it is. */
    void commit();

    /**
     * After a failed {@link #index} or {@link #commit}: reopens every day index the failure closed, from its last
     * commit. What those days held uncommitted is lost; the caller replays it from its last committed offsets.
     * Called by the consumer thread while no commit runs.
     *
     * @throws UncheckedIOException when a day cannot be reopened (still failing: retry later)
     */
    void recover();

    /** Deletes the day indexes that are entirely older than the retention (by the injected clock). */
    List<LocalDate> enforceRetention();

    /** The UTC days that have an index, oldest first. */
    List<LocalDate> days();

    /** Runs a search over the days overlapping the request's time range. */
    SearchResult search(SearchRequest request);

    @Override
    void close();

    /**
     * Opens (or creates) the day indexes under {@code dir} (normally {@code <data_dir>/hot}).
     *
     * @throws UncheckedIOException when the directory cannot be used
     */
    static HotIndex open(HotConfig config, Path dir, InstantSource clock) {
        try {
            return LuceneHotIndex.open(config, dir, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the hot index under " + dir + ": " + e.getMessage(), e);
        }
    }
}
