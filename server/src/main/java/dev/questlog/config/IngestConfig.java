package dev.questlog.config;

import java.time.Duration;
import java.util.List;

/**
 * The collector: request limits and event validation.
 *
 * @param maxBodyBytes         largest request body after decompression
 * @param maxEventsPerRequest  most events in one request
 * @param maxEventBytes        largest single event (its JSON text)
 * @param maxDepth             deepest nesting of objects and arrays inside an event
 * @param timestampMaxPast     events older than this (relative to the server clock) are rejected
 * @param timestampMaxFuture   events further ahead than this are rejected
 * @param dedupeWindow         an event_id accepted this recently for the same app is acknowledged but not appended
 */
public record IngestConfig(long maxBodyBytes, int maxEventsPerRequest, long maxEventBytes, int maxDepth,
                           Duration timestampMaxPast, Duration timestampMaxFuture, Duration dedupeWindow) {

    static final Setting<Long> MAX_BODY = Setting.of("ingest.max_body_bytes", SettingType.bytes(1024, 1L << 30),
            5L << 20, "Largest request body after decompression; bigger bodies get 413.");
    static final Setting<Integer> MAX_EVENTS = Setting.of("ingest.max_events_per_request",
            SettingType.integer(1, 1_000_000), 10_000, "Most events in one request; more get 413.");
    static final Setting<Long> MAX_EVENT = Setting.of("ingest.max_event_bytes", SettingType.bytes(256, 64L << 20),
            1L << 20, "Largest single event; a bigger one is rejected alone.");
    static final Setting<Integer> MAX_DEPTH = Setting.of("ingest.max_depth", SettingType.integer(2, 1000), 32,
            "Deepest nesting of objects/arrays in an event; deeper ones are rejected.");
    static final Setting<Duration> TS_PAST = Setting.of("ingest.timestamp.max_past",
            SettingType.duration(Duration.ofMinutes(1)), Duration.ofDays(30),
            "event_timestamp older than this, relative to the server clock, is rejected.");
    static final Setting<Duration> TS_FUTURE = Setting.of("ingest.timestamp.max_future",
            SettingType.duration(Duration.ZERO), Duration.ofDays(1),
            "event_timestamp further in the future than this is rejected.");
    static final Setting<Duration> DEDUPE = Setting.of("ingest.dedupe_window",
            SettingType.duration(Duration.ZERO), Duration.ofMinutes(10),
            "An event_id accepted this recently for the same app is acknowledged but not appended again (0 = off).");

    static final List<Setting<?>> SETTINGS = List.of(MAX_BODY, MAX_EVENTS, MAX_EVENT, MAX_DEPTH, TS_PAST, TS_FUTURE,
            DEDUPE);

    static IngestConfig from(ResolvedSettings s) {
        return new IngestConfig(s.get(MAX_BODY), s.get(MAX_EVENTS), s.get(MAX_EVENT), s.get(MAX_DEPTH), s.get(TS_PAST),
                s.get(TS_FUTURE), s.get(DEDUPE));
    }
}
