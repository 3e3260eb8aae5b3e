package dev.questlog.ingest;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.config.CollectorConfig;
import dev.questlog.config.IngestConfig;
import dev.questlog.event.EventParser;
import dev.questlog.event.MalformedBodyException;
import dev.questlog.event.Outcome;
import dev.questlog.event.ParserLimits;
import dev.questlog.event.ScannedBatch;
import dev.questlog.event.Trust;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The collector over an {@link EventLog}: see {@link Collector}. */
final class LogCollector implements Collector {
    private static final byte[] NO_KEY = new byte[0];
    /**
     * Runs what follows a durable append (remembering the ids, counting, and the HTTP answer that the caller chains
     * on) off the log's writer threads: a writer completes appends between its fsync rounds, so whatever runs there
     * delays the durability of every append waiting for its next round. One daemon thread per JVM is enough: the
     * work is short, and the duplicate filter serializes its inserts anyway.
     */
    private static final Executor ACKS = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ingest-ack").daemon().factory());
    /**
     * Times out appends. Not {@code CompletableFuture.orTimeout}: from Java 25 its delay scheduler woke a thread for
     * every request (about 2,000 wake-ups a second at the ingest benchmark's peak); with one delay for every task,
     * this queue's head changes only when it expires or is cancelled, so its thread sleeps through the scheduling.
     */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final IngestConfig limits;
    private final CollectorConfig config;
    private final EventLog log;
    private final SchemaRegistry schemas;
    private final InstantSource clock;
    private final EventParser parser;
    private final Enrichment enrichment;
    private final Admission admission;
    private final DuplicateFilter duplicates;
    private final ClientRateLimiter rateLimiter;
    private final Set<String> serverOnlyTypes;
    private final IngestMetrics metrics;

    LogCollector(IngestConfig limits, CollectorConfig config, EventLog log, SchemaRegistry schemas, Path dataDir,
                 InstantSource clock, MeterRegistry registry) {
        this.limits = limits;
        this.config = config;
        this.log = log;
        this.schemas = schemas;
        this.clock = clock;
        this.parser = new EventParser(ParserLimits.from(limits), clock);
        this.enrichment = new Enrichment(limits.timestampMaxPast(), limits.timestampMaxFuture());
        this.admission = new Admission(config, dataDir, System::nanoTime);
        this.duplicates = new DuplicateFilter(limits.dedupeWindow(), config.dedupeMaxEntries(), clock);
        this.rateLimiter = new ClientRateLimiter(config.clientRatePerSecond(), config.clientRateBurst(), clock);
        this.serverOnlyTypes = Set.copyOf(config.serverOnlyEventTypes());
        this.metrics = new IngestMetrics(registry);
        metrics.inflight(admission::requestsInFlight, admission::bytesInFlight);
        log.ensureStream(EVENTS);
        log.ensureStream(FailedEvent.STREAM);
    }

    /** What one request amounts to after validation: records to append and the answer's parts. */
    private record Plan(List<LogRecord> events, RequestIds eventIds, List<LogRecord> failures,
                        List<Rejection> rejected, int accepted, int duplicates) {
    }

    @Override
    public CompletableFuture<IngestResult> ingest(IngestRequest request) {
        try {
            admission.admitRequest();
        } catch (Admission.Refusal r) {
            metrics.refused(r.status);
            throw refused(r.status, r.getMessage());
        }
        long reserved = 0;
        try {
            BodyDecoder.Body body = BodyDecoder.read(request.body(), request.contentLength(), request.contentType(),
                    request.contentEncoding(), limits.maxBodyBytes());
            reserved = body.length();
            reserve(reserved);
            metrics.bodyBytes.increment(body.length());
            long bytes = reserved;
            return process(request.principal(), body).whenComplete((r, e) -> {
                admission.releaseBytes(bytes);
                admission.releaseRequest();
            });
        } catch (RuntimeException e) {
            admission.releaseBytes(reserved);
            admission.releaseRequest();
            if (e instanceof IngestException ie) {
                metrics.refused(ie.status());
            }
            throw e;
        }
    }

    private void reserve(long bytes) {
        try {
            admission.reserveBytes(bytes);
        } catch (Admission.Refusal r) {
            throw refused(r.status, r.getMessage());
        }
    }

    /** A 429/503 refusal with Retry-After (counted by the caller). */
    private IngestException refused(int status, String message) {
        return new IngestException(status, message, List.of(), Math.max(1, config.retryAfter().toSeconds()));
    }

    private CompletableFuture<IngestResult> process(Principal p, BodyDecoder.Body body) {
        long receivedAt = clock.millis();
        ScannedBatch batch;
        try {
            batch = parser.scan(body.bytes(), 0, body.length(), body.format());
        } catch (MalformedBodyException e) {
            return malformed(p, receivedAt, body, e.reason());
        }
        if (batch.size() > limits.maxEventsPerRequest()) {
            throw new IngestException(413, "request holds " + batch.size() + " events; at most "
                    + limits.maxEventsPerRequest() + " are allowed");
        }
        if (batch.size() == 0) {
            throw new IngestException(400, "the body holds no events");
        }
        metrics.stage.received(batch.size());
        Plan plan = plan(p, receivedAt, batch);
        if (plan.accepted() == 0) {
            return append(List.of(), plan.failures()).thenApply(v -> {
                throw new CompletionException(new IngestException(400, "no valid event in the request",
                        plan.rejected(), 0));
            });
        }
        return append(plan.events(), plan.failures()).thenApplyAsync(v -> {
            duplicates.remember(p.app(), plan.eventIds());
            metrics.accepted.increment(plan.accepted());
            metrics.duplicates.increment(plan.duplicates());
            metrics.stage.written(plan.events().size());
            metrics.stage.dropped(plan.duplicates());
            return new IngestResult(plan.accepted(), plan.duplicates(), plan.rejected());
        }, ACKS);
    }

    private Plan plan(Principal p, long receivedAt, ScannedBatch batch) {
        List<LogRecord> failures = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        RequestIds fresh = new RequestIds(batch.validCount());
        // Only client keys are rate-limited per client_id; server keys skip the tally.
        Map<String, Integer> perClient = p.kind() == KeyKind.CLIENT ? new HashMap<>() : null;
        Set<String> typesWithSchema = schemas.typesWithSchema(p.app());
        int accepted = 0;
        for (int i = 0; i < batch.size(); i++) {
            Outcome.Invalid bad = batch.invalid(i);
            Rejection r = bad != null ? new Rejection(bad.index(), bad.eventId(), bad.field(), bad.reason())
                    : check(p, batch, i, typesWithSchema);
            if (r != null) {
                rejected.add(r);
                metrics.rejected(r.field());
                failures.add(LogRecord.of(NO_KEY, FailedEvent.of(p.app(), p.keyId(), receivedAt, r, batch.raw(i))
                        .toJson()));
                continue;
            }
            accepted++;
            if (perClient != null) {
                String clientId = batch.clientId(i);
                perClient.merge(clientId == null ? "" : clientId, 1, Integer::sum);
            }
            fresh.addFirst(batch.idMsb(i), batch.idLsb(i), i);
        }
        if (p.kind() == KeyKind.CLIENT && !rateLimiter.tryAcquire(p.keyId(), perClient)) {
            throw refused(429, "client rate limit exceeded (" + config.clientRatePerSecond()
                    + " events/s per client_id); retry later");
        }
        metrics.stage.failed(rejected.size());
        boolean[] seen = duplicates.seen(p.app(), fresh);
        List<LogRecord> events = new ArrayList<>(fresh.size());
        RequestIds toRemember = new RequestIds(fresh.size());
        byte[] prefix = Enrichment.prefix(p.app(), receivedAt, Enrichment.trust(p.kind()), p.keyId());
        for (int k = 0; k < fresh.size(); k++) {
            if (seen[k]) {
                continue;
            }
            int i = fresh.index[k];
            long eventTime = batch.hasSentAt(i)
                    ? enrichment.eventTime(batch.eventTimestamp(i), batch.sentAt(i), receivedAt)
                    : batch.eventTimestamp(i);
            byte[] value = Enrichment.storedEvent(prefix, eventTime, batch.body(), batch.rawStart(i), batch.rawEnd(i));
            byte[] key = batch.clientIdUtf8(i);
            events.add(LogRecord.of(key == null ? NO_KEY : key, value));
            toRemember.add(fresh.msb[k], fresh.lsb[k], i);
        }
        return new Plan(events, toRemember, failures, rejected, accepted, accepted - events.size());
    }

    /** Checks beyond the parser's: the key's app, server-only types, the registered schema. Null when fine. */
    private Rejection check(Principal p, ScannedBatch batch, int i, Set<String> typesWithSchema) {
        String appName = batch.appName(i);
        if (appName != null && !appName.equals(p.app())) {
            return new Rejection(i, batch.eventId(i), "app_name", "app_name: '" + appName
                    + "' does not match the key's app '" + p.app() + "'");
        }
        String type = batch.eventType(i);
        if (p.kind() == KeyKind.CLIENT && serverOnlyTypes.contains(type)) {
            return new Rejection(i, batch.eventId(i), "event_type", "event_type: '" + type
                    + "' may only be sent with a server key");
        }
        if (typesWithSchema.contains(type)) {
            var violation = schemas.validate(p.app(), type, batch.raw(i));
            if (violation.isPresent()) {
                return new Rejection(i, batch.eventId(i), "schema", violation.get());
            }
        }
        return null;
    }

    /** A body that is not events at all: recorded once in failed-events, answered 400. */
    private CompletableFuture<IngestResult> malformed(Principal p, long receivedAt, BodyDecoder.Body body,
                                                      String reason) {
        metrics.rejected("body");
        int keep = (int) Math.min(body.length(), limits.maxEventBytes());
        byte[] raw = java.util.Arrays.copyOf(body.bytes(), keep);
        FailedEvent f = new FailedEvent(p.app(), p.keyId(), receivedAt, "malformed body: " + reason, null, -1, null,
                new String(raw, StandardCharsets.UTF_8));
        return append(List.of(), List.of(LogRecord.of(NO_KEY, f.toJson()))).thenApply(v -> {
            throw new CompletionException(new IngestException(400, "malformed body: " + reason));
        });
    }

    /** Appends both lists; completes once both are durable, or fails with a 503 IngestException. */
    private CompletableFuture<Void> append(List<LogRecord> events, List<LogRecord> failures) {
        long ticket = admission.appendStarted();
        long start = System.nanoTime();
        CompletableFuture<?> a = events.isEmpty() ? CompletableFuture.completedFuture(null) : log.append(EVENTS, events);
        CompletableFuture<?> b = failures.isEmpty() ? CompletableFuture.completedFuture(null)
                : log.append(FailedEvent.STREAM, failures);
        return withTimeout(CompletableFuture.allOf(a, b), config.appendTimeout().toMillis())
                .handle((v, e) -> {
                    admission.appendDone(ticket);
                    metrics.appendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        String why = cause instanceof TimeoutException
                                ? "the log did not make the events durable within " + config.appendTimeout().toMillis() + " ms"
                                : "the log could not make the events durable: " + cause.getMessage();
                        metrics.refused(503);
                        throw new CompletionException(refused(503, why + "; retry later"));
                    }
                    return null;
                });
    }

    /** {@code f}, completed with a {@link TimeoutException} unless it completes within {@code millis}. */
    private static <T> CompletableFuture<T> withTimeout(CompletableFuture<T> f, long millis) {
        if (f.isDone()) {
            return f;
        }
        ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> f.completeExceptionally(new TimeoutException()), millis,
                TimeUnit.MILLISECONDS);
        f.whenComplete((v, e) -> timeout.cancel(false));
        return f;
    }

    /** Timeouts scheduled and not yet expired or cancelled (for tests: a completed append leaves none behind). */
    static int pendingTimeouts() {
        return TIMEOUTS.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor timeouts() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("ingest-timeouts").daemon().factory());
        e.setRemoveOnCancelPolicy(true); // a cancelled timeout leaves the queue at once, not when it would expire
        return e;
    }
}
