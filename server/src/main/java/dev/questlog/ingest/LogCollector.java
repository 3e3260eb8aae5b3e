package dev.questlog.ingest;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.config.CollectorConfig;
import dev.questlog.config.IngestConfig;
import dev.questlog.event.Event;
import dev.questlog.event.EventParser;
import dev.questlog.event.MalformedBodyException;
import dev.questlog.event.Outcome;
import dev.questlog.event.ParsedBatch;
import dev.questlog.event.ParserLimits;
import dev.questlog.event.Trust;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The collector over an {@link EventLog}: see {@link Collector}. */
final class LogCollector implements Collector {
    private static final byte[] NO_KEY = new byte[0];

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
    private record Plan(List<LogRecord> events, List<DuplicateFilter.Key> eventIds, List<LogRecord> failures,
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
        ParsedBatch batch;
        try {
            batch = parser.parse(body.bytes(), 0, body.length(), body.format());
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
        return append(plan.events(), plan.failures()).thenApply(v -> {
            duplicates.remember(plan.eventIds());
            metrics.accepted.increment(plan.accepted());
            metrics.duplicates.increment(plan.duplicates());
            metrics.stage.written(plan.events().size());
            metrics.stage.dropped(plan.duplicates());
            return new IngestResult(plan.accepted(), plan.duplicates(), plan.rejected());
        });
    }

    private Plan plan(Principal p, long receivedAt, ParsedBatch batch) {
        List<LogRecord> failures = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<Outcome.Valid> fresh = new ArrayList<>(batch.size());
        List<DuplicateFilter.Key> ids = new ArrayList<>(batch.size());
        Set<DuplicateFilter.Key> inRequest = new HashSet<>(batch.size() * 2);
        // Only client keys are rate-limited per client_id; server keys skip the tally.
        Map<String, Integer> perClient = p.kind() == KeyKind.CLIENT ? new HashMap<>() : null;
        int accepted = 0;
        for (Outcome o : batch.outcomes()) {
            Rejection r = switch (o) {
                case Outcome.Invalid bad -> new Rejection(bad.index(), bad.eventId(), bad.field(), bad.reason());
                case Outcome.Valid ok -> check(p, ok);
            };
            if (r != null) {
                rejected.add(r);
                metrics.rejected(r.field());
                failures.add(LogRecord.of(NO_KEY, FailedEvent.of(p.app(), p.keyId(), receivedAt, r, o.raw()).toJson()));
                continue;
            }
            Outcome.Valid ok = (Outcome.Valid) o;
            accepted++;
            if (perClient != null) {
                String clientId = ok.event().clientId();
                perClient.merge(clientId == null ? "" : clientId, 1, Integer::sum);
            }
            DuplicateFilter.Key id = DuplicateFilter.key(p.app(), ok.event().eventId());
            if (inRequest.add(id)) {
                fresh.add(ok);
                ids.add(id);
            }
        }
        if (p.kind() == KeyKind.CLIENT && !rateLimiter.tryAcquire(p.keyId(), perClient)) {
            throw refused(429, "client rate limit exceeded (" + config.clientRatePerSecond()
                    + " events/s per client_id); retry later");
        }
        metrics.stage.failed(rejected.size());
        boolean[] seen = duplicates.seen(ids);
        List<LogRecord> events = new ArrayList<>(fresh.size());
        List<DuplicateFilter.Key> toRemember = new ArrayList<>(fresh.size());
        byte[] prefix = Enrichment.prefix(p.app(), receivedAt, Enrichment.trust(p.kind()), p.keyId());
        for (int i = 0; i < fresh.size(); i++) {
            if (seen[i]) {
                continue;
            }
            Event e = fresh.get(i).event();
            byte[] value = Enrichment.storedEvent(prefix, enrichment.eventTime(e, receivedAt), fresh.get(i).raw());
            byte[] key = e.clientId() == null ? NO_KEY : e.clientId().getBytes(StandardCharsets.UTF_8);
            events.add(LogRecord.of(key, value));
            toRemember.add(ids.get(i));
        }
        return new Plan(events, toRemember, failures, rejected, accepted, accepted - events.size());
    }

    /** Checks beyond the parser's: the key's app, server-only types, the registered schema. Null when fine. */
    private Rejection check(Principal p, Outcome.Valid ok) {
        Event e = ok.event();
        if (e.appName() != null && !e.appName().equals(p.app())) {
            return new Rejection(ok.index(), e.eventId(), "app_name", "app_name: '" + e.appName()
                    + "' does not match the key's app '" + p.app() + "'");
        }
        if (p.kind() == KeyKind.CLIENT && serverOnlyTypes.contains(e.eventType())) {
            return new Rejection(ok.index(), e.eventId(), "event_type", "event_type: '" + e.eventType()
                    + "' may only be sent with a server key");
        }
        if (schemas.has(p.app(), e.eventType())) {
            var violation = schemas.validate(p.app(), e.eventType(), ok.raw());
            if (violation.isPresent()) {
                return new Rejection(ok.index(), e.eventId(), "schema", violation.get());
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
        return CompletableFuture.allOf(a, b)
                .orTimeout(config.appendTimeout().toMillis(), TimeUnit.MILLISECONDS)
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
}
