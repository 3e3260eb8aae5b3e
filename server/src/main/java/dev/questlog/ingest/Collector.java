package dev.questlog.ingest;

import dev.questlog.config.CollectorConfig;
import dev.questlog.config.IngestConfig;
import dev.questlog.log.EventLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The front door of the pipeline: takes one request's body of events from an authenticated producer, validates and
 * enriches each event, appends the valid ones to stream {@code events} and the rejected ones to
 * {@code failed-events}, and answers once both appends are durable.
 *
 * <p>Thread-safety: {@link #ingest} is called concurrently by the HTTP server's threads.
 */
public interface Collector {
    /** Stream of accepted, enriched events (value = StoredEvent JSON, key = client_id). */
    String EVENTS = "events";

    /**
     * Handles one request. Refusals of the request as a whole are thrown (or the future fails) with an
     * {@link IngestException}: 400 malformed or nothing valid, 413, 415, 429/503 under back-pressure. The future
     * completes normally only when every accepted event is durable in {@code events} and every rejection in
     * {@code failed-events}.
     */
    CompletableFuture<IngestResult> ingest(IngestRequest request);

    /** The collector of the embedded and scale-out set-ups; creates both streams if they are missing. */
    static Collector create(IngestConfig limits, CollectorConfig config, EventLog log, SchemaRegistry schemas,
                            Path dataDir, InstantSource clock, MeterRegistry metrics) {
        return new LogCollector(limits, config, log, schemas, dataDir, clock, metrics);
    }
}
