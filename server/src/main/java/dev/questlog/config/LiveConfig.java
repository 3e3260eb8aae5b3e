package dev.questlog.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The live tier: tumbling event-time windows (10 s and 1 min) per app, and alert rules evaluated on closed windows.
 *
 * @param allowedLateness    the watermark trails the newest event time by this much; a window closes when the
 *                           watermark passes its end, later events for it are counted as late
 * @param history            closed windows kept (in memory and reloaded after a restart) per app and window size
 * @param sessionStartTypes  event types counted as "sessions started"
 * @param deathTypes         event types counted as deaths (per level_id)
 * @param purchaseTypes      event types counted as purchases (per currency, with revenue)
 * @param crashTypes         event types counted as crashes
 * @param currencyAttribute  attribute holding a purchase's currency
 * @param amountAttribute    attribute holding a purchase's amount (revenue)
 * @param fpsAttribute       attribute holding a client frames-per-second sample (any event type)
 * @param alertRules         alert rules
 * @param alertWebhookUrl    where fired alerts are POSTed as JSON; empty for none
 * @param maxBatch           most stream records taken per poll
 * @param dedupeMaxIdsPerMinute event ids remembered per app and open minute so that duplicates count once
 */
public record LiveConfig(Duration allowedLateness, int history, List<String> sessionStartTypes,
                         List<String> deathTypes, List<String> purchaseTypes, List<String> crashTypes,
                         String currencyAttribute, String amountAttribute, String fpsAttribute,
                         List<AlertRule> alertRules, String alertWebhookUrl, int maxBatch,
                         int dedupeMaxIdsPerMinute) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static final Setting<Duration> LATENESS = Setting.of("live.allowed_lateness", SettingType.duration(Duration.ZERO),
            Duration.ofSeconds(5), "How far behind the newest event time a window stays open for late events.");
    static final Setting<Integer> HISTORY = Setting.of("live.history", SettingType.integer(1, 100_000), 60,
            "Closed windows kept per app and window size (served by /v1/live, reloaded after a restart).");
    static final Setting<List<String>> SESSION_TYPES = Setting.of("live.session_start_event_types",
            SettingType.stringList(TYPE), List.of("session_start"), "Event types counted as sessions started.");
    static final Setting<List<String>> DEATH_TYPES = Setting.of("live.death_event_types",
            SettingType.stringList(TYPE), List.of("player_death"), "Event types counted as deaths, per level_id.");
    static final Setting<List<String>> PURCHASE_TYPES = Setting.of("live.purchase_event_types",
            SettingType.stringList(TYPE), List.of("iap_transaction", "item_purchase", "purchase"),
            "Event types counted as purchases, per currency, with their amount as revenue.");
    static final Setting<List<String>> CRASH_TYPES = Setting.of("live.crash_event_types",
            SettingType.stringList(TYPE), List.of("crash", "client_crash"), "Event types counted as crashes.");
    static final Setting<String> CURRENCY = Setting.of("live.currency_attribute", SettingType.string(), "currency",
            "Attribute of a purchase event that holds its currency code.");
    static final Setting<String> AMOUNT = Setting.of("live.amount_attribute", SettingType.string(), "price",
            "Attribute of a purchase event that holds its amount (summed as revenue).");
    static final Setting<String> FPS = Setting.of("live.fps_attribute", SettingType.string(), "fps",
            "Attribute holding a client frames-per-second sample; its quantiles are kept per window.");
    static final Setting<List<AlertRule>> ALERT_RULES = Setting.of("live.alerts.rules", new AlertRulesType(),
            List.of(), "Alert rules, e.g. [{name: crash_spike, metric: crashes, window: 1m, comparison: '>', "
                    + "threshold: 10, cooldown: 5m}] (in an environment variable: the same as JSON); evaluated on "
                    + "every closed window.");
    static final Setting<String> WEBHOOK = Setting.of("live.alerts.webhook_url", SettingType.string(), "",
            "URL that fired alerts are POSTed to as JSON; empty = only logged and shown by /v1/alerts.");
    static final Setting<Integer> MAX_BATCH = Setting.of("live.max_batch", SettingType.integer(1, 1_000_000), 10_000,
            "Most stream records aggregated per poll.");

    static final Setting<Integer> DEDUPE_IDS = Setting.of("live.dedupe_max_ids_per_minute",
            SettingType.integer(0, 100_000_000), 4_000_000,
            "Event ids remembered per app and open minute so that an event reaching the stream twice counts once "
                    + "(16 bytes each); past this a minute stops deduplicating. 0 = off.");

    static final List<Setting<?>> SETTINGS = List.of(LATENESS, HISTORY, SESSION_TYPES, DEATH_TYPES, PURCHASE_TYPES,
            CRASH_TYPES, CURRENCY, AMOUNT, FPS, MAX_BATCH, DEDUPE_IDS, ALERT_RULES, WEBHOOK);

    public LiveConfig {
        sessionStartTypes = List.copyOf(sessionStartTypes);
        deathTypes = List.copyOf(deathTypes);
        purchaseTypes = List.copyOf(purchaseTypes);
        crashTypes = List.copyOf(crashTypes);
        alertRules = List.copyOf(alertRules);
        if (history < 1) {
            throw new IllegalArgumentException("live.history must be >= 1, was " + history);
        }
    }

    static LiveConfig from(ResolvedSettings s) {
        return new LiveConfig(s.get(LATENESS), s.get(HISTORY), s.get(SESSION_TYPES), s.get(DEATH_TYPES),
                s.get(PURCHASE_TYPES), s.get(CRASH_TYPES), s.get(CURRENCY), s.get(AMOUNT), s.get(FPS),
                s.get(ALERT_RULES), s.get(WEBHOOK), s.get(MAX_BATCH), s.get(DEDUPE_IDS));
    }

    /** Defaults, for tests and tools. */
    public static LiveConfig defaults() {
        return ConfigLoader.standard().load(java.util.Optional.empty(), java.util.Map.of(), java.util.Map.of()).live();
    }

    /** A copy with other alert rules and webhook, for tests and tools. */
    public LiveConfig withAlerts(List<AlertRule> rules, String webhookUrl) {
        return new LiveConfig(allowedLateness, history, sessionStartTypes, deathTypes, purchaseTypes, crashTypes,
                currencyAttribute, amountAttribute, fpsAttribute, rules, webhookUrl, maxBatch, dedupeMaxIdsPerMinute);
    }

    /** A copy with another allowed lateness, for tests and tools. */
    public LiveConfig withAllowedLateness(Duration lateness) {
        return new LiveConfig(lateness, history, sessionStartTypes, deathTypes, purchaseTypes, crashTypes,
                currencyAttribute, amountAttribute, fpsAttribute, alertRules, alertWebhookUrl, maxBatch,
                dedupeMaxIdsPerMinute);
    }
}
