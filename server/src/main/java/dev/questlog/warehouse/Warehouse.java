package dev.questlog.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;

/**
 * The warm tier: a SQL database holding every event exactly once (deduplicated on {@code (app, event_id)}), loaded
 * from the lake's Parquet files in manifests, and queried read-only, one app at a time.
 *
 * <p>Lifecycle: open (from {@code WarehouseEngines.open}) → {@link #load} per manifest, {@link #query} from any thread,
 * {@link #applyRetention} now and then → {@link #close}. Loads are serialized internally; queries run concurrently
 * with loads and see only committed manifests.
 *
 * <p>Guarantees: a manifest is loaded in one transaction, so after a crash at any point either all of its new events
 * are in {@code events} and the manifest and its files are recorded as loaded, or none of it is. Loading a manifest or
 * a file again changes nothing. Queries cannot write, read files or reach other apps' rows: the engine refuses them.
 */
public interface Warehouse extends AutoCloseable {

    /**
     * Loads the staged files of a manifest in one transaction: staging table, in-batch dedupe (earliest
     * {@code received_at} wins), anti-join against already loaded events within the dedupe window, insert, record the
     * manifest and its files. Files recorded as loaded before are skipped. Durable when it returns.
     *
     * @throws WarehouseException when the load failed; nothing of the manifest is then visible
     */
    LoadResult load(Manifest manifest, Collection<StagedFile> files);

    /** Whether the manifest was loaded (committed) before. */
    boolean isLoaded(String manifestId);

    /** Of the given lake paths, those already loaded. */
    Set<String> loadedFiles(Collection<String> lakePaths);

    /**
     * Runs one read-only query over the app's rows: the table {@code events} and the configured per-type views show
     * only that app's events; anything but a single SELECT is refused, as are file and catalog access.
     *
     * @throws QueryException when the query is refused, invalid, exceeds the row limit or times out
     */
    QueryResult query(String app, String sql);

    /** Deletes the events whose {@code event_date} is before {@code firstKeptDate}; returns the rows deleted. */
    long deleteBefore(LocalDate firstKeptDate);

    /** Deletes dates older than the configured retention, measured on the injected clock. */
    long applyRetention();

    /**
     * Rewrites at most one closed day (an {@code event_date} before today, by the injected clock) in the layout the
     * heatmaps prune on: the day's rows ordered by (app, event_date, level_id, event_type, event_time). A day is due
     * when it was never compacted, or when rows loaded late have grown it by more than a tenth since; the newest due
     * day goes first. One transaction: the day's count and set of event_ids are unchanged, retention and the
     * loader's anti-join see the same rows, and after a crash at any point the day is either fully rewritten and
     * recorded or untouched. Called by the loader's thread between loads; serialized with loads.
     *
     * @return the day compacted, or empty when no day is due (or the engine needs no compaction)
     * @throws WarehouseException when the compaction failed; nothing of it is then visible
     */
    java.util.Optional<DayCompaction> compactNextDay();

    /**
     * Creates a {@link SideTable} if it does not exist (other stages' small tables, e.g. live_metrics) and makes it
     * visible to {@link #query} under its name, scoped to the app. Call at every start (the set is not persisted).
     */
    void ensureTable(SideTable table);

    /**
     * Appends rows to a side table in one transaction; each row is {@code app} followed by the columns' values
     * (Long/Double/Boolean/String/java.time.Instant or null). Durable when it returns.
     */
    void insert(String table, java.util.List<java.util.List<Object>> rows);

    /** The apps that have events, sorted (for tools run by the operator). */
    java.util.List<String> apps();

    /** Rows in {@code events} over all apps (for metrics and tests). */
    long countEvents();

    /** Which engine this is: {@code duckdb} or {@code postgres}. */
    String engine();

    @Override
    void close();
}
