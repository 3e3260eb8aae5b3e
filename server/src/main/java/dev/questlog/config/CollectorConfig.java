package dev.questlog.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The collector's protection of itself and of the log: back-pressure, client-key restrictions, the duplicate filter
 * and HTTP timeouts. Keys live under {@code ingest.} beside {@link IngestConfig}'s request limits.
 *
 * @param maxInflightRequests   ingest requests handled at once; more get 429
 * @param maxInflightBytes      decompressed body bytes held at once; more get 429
 * @param maxAppendWait         when the oldest pending append is older than this, new requests get 503
 * @param appendTimeout         a request waits this long for its append to be durable, then gets 503
 * @param minFreeDiskBytes      below this much free space on the data directory's disk, requests get 503
 * @param retryAfter            the {@code Retry-After} sent with 429/503
 * @param serverOnlyEventTypes  event types a client key may not send
 * @param clientRatePerSecond   events per second per client key and client_id (0 = unlimited)
 * @param clientRateBurst       bucket size of that limit, in events
 * @param dedupeMaxEntries      most event ids the duplicate filter remembers
 * @param idleTimeout           an HTTP connection idle (or a body stalled) this long is closed
 */
public record CollectorConfig(int maxInflightRequests, long maxInflightBytes, Duration maxAppendWait,
                              Duration appendTimeout, long minFreeDiskBytes, Duration retryAfter,
                              List<String> serverOnlyEventTypes, int clientRatePerSecond, int clientRateBurst,
                              int dedupeMaxEntries, Duration idleTimeout) {

    static final Setting<Integer> MAX_INFLIGHT_REQUESTS = Setting.of("ingest.max_inflight_requests",
            SettingType.integer(1, 100_000), 64, "Ingest requests handled at once; more are answered 429 + Retry-After.");
    static final Setting<Long> MAX_INFLIGHT_BYTES = Setting.of("ingest.max_inflight_bytes",
            SettingType.bytes(1024, 1L << 40), 256L << 20,
            "Decompressed body bytes held in memory at once; more are answered 429 + Retry-After.");
    static final Setting<Duration> MAX_APPEND_WAIT = Setting.of("ingest.max_append_wait",
            SettingType.duration(Duration.ofMillis(1)), Duration.ofSeconds(2),
            "When the oldest pending append to the log is older than this, new requests get 503 + Retry-After.");
    static final Setting<Duration> APPEND_TIMEOUT = Setting.of("ingest.append_timeout",
            SettingType.duration(Duration.ofMillis(1)), Duration.ofSeconds(30),
            "A request waits this long for its events to be durable, then gets 503 (producers retry; ids dedupe).");
    static final Setting<Long> MIN_FREE_DISK = Setting.of("ingest.min_free_disk_bytes",
            SettingType.bytes(0, Long.MAX_VALUE >> 1), 256L << 20,
            "Below this much free space on the data directory's disk, ingest requests get 503 + Retry-After.");
    static final Setting<Duration> RETRY_AFTER = Setting.of("ingest.retry_after",
            SettingType.duration(Duration.ofSeconds(1)), Duration.ofSeconds(1),
            "Retry-After sent with 429 and 503 answers (whole seconds).");
    static final Setting<List<String>> SERVER_ONLY = Setting.of("ingest.server_only_event_types",
            SettingType.stringList(Pattern.compile("[A-Za-z0-9_.-]{1,64}")), List.of("match_end", "iap_transaction"),
            "Event types only a server key may send; from a client key they are rejected.");
    static final Setting<Integer> CLIENT_RATE = Setting.of("ingest.client_rate_per_second",
            SettingType.integer(0, 10_000_000), 200,
            "Events per second one client key may send per client_id (token bucket; 0 = unlimited); beyond it 429.");
    static final Setting<Integer> CLIENT_BURST = Setting.of("ingest.client_rate_burst",
            SettingType.integer(1, 100_000_000), 2000, "Burst size of the client rate limit, in events.");
    static final Setting<Integer> DEDUPE_MAX = Setting.of("ingest.dedupe_max_entries",
            SettingType.integer(0, 100_000_000), 1_000_000,
            "Most event ids the duplicate filter remembers (about 100 bytes each); the oldest are forgotten first.");
    static final Setting<Duration> IDLE_TIMEOUT = Setting.of("ingest.idle_timeout",
            SettingType.duration(Duration.ofMillis(100)), Duration.ofSeconds(30),
            "An HTTP connection that sends nothing for this long (e.g. a stalled body) is closed.");

    static final List<Setting<?>> SETTINGS = List.of(MAX_INFLIGHT_REQUESTS, MAX_INFLIGHT_BYTES, MAX_APPEND_WAIT,
            APPEND_TIMEOUT, MIN_FREE_DISK, RETRY_AFTER, SERVER_ONLY, CLIENT_RATE, CLIENT_BURST, DEDUPE_MAX, IDLE_TIMEOUT);

    public CollectorConfig {
        serverOnlyEventTypes = List.copyOf(serverOnlyEventTypes);
    }

    static CollectorConfig from(ResolvedSettings s) {
        return new CollectorConfig(s.get(MAX_INFLIGHT_REQUESTS), s.get(MAX_INFLIGHT_BYTES), s.get(MAX_APPEND_WAIT),
                s.get(APPEND_TIMEOUT), s.get(MIN_FREE_DISK), s.get(RETRY_AFTER), s.get(SERVER_ONLY), s.get(CLIENT_RATE),
                s.get(CLIENT_BURST), s.get(DEDUPE_MAX), s.get(IDLE_TIMEOUT));
    }
}
