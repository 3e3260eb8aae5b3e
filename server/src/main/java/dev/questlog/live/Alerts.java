package dev.questlog.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.config.AlertRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules on every closed window. A rule fires at most once per cooldown per app (by the injected
 * clock); a fired alert is logged, kept for {@code /v1/alerts} (the newest {@value #KEPT}) and POSTed as JSON to the
 * webhook when one is configured (asynchronously, 5 s timeout; a failed delivery is logged and counted, not retried).
 * Thread-safe.
 */
final class Alerts {
    static final int KEPT = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AlertRule> rules;
    private final Optional<URI> webhook;
    private final InstantSource clock;
    private final HttpClient http;
    private final Counter fired;
    private final Counter deliveryFailed;
    private final Map<String, Long> lastFired = new HashMap<>();
    private final Deque<FiredAlert> recent = new ArrayDeque<>();

    Alerts(List<AlertRule> rules, String webhookUrl, InstantSource clock, MeterRegistry registry) {
        this.rules = List.copyOf(rules);
        this.webhook = webhookUrl == null || webhookUrl.isBlank() ? Optional.empty() : Optional.of(URI.create(webhookUrl));
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.fired = Counter.builder("questlog_live_alerts_fired").description("alerts fired").register(registry);
        this.deliveryFailed = Counter.builder("questlog_live_alert_webhook_failed")
                .description("alert webhook deliveries that failed").register(registry);
    }

    /** Evaluates every rule on the closed windows; returns the alerts that fired. */
    synchronized List<FiredAlert> evaluate(List<WindowSnapshot> closed) {
        List<FiredAlert> out = new ArrayList<>();
        for (WindowSnapshot w : closed) {
            for (AlertRule r : rules) {
                check(r, w).ifPresent(out::add);
            }
        }
        out.forEach(this::fire);
        return out;
    }

    private Optional<FiredAlert> check(AlertRule r, WindowSnapshot w) {
        if (!WindowSize.of(r.window()).label().equals(w.window())
                || (r.filter().containsKey("app") && !r.filter().get("app").equals(w.app()))) {
            return Optional.empty();
        }
        double value = AlertMetrics.value(r.metric(), r.filter(), w);
        if (Double.isNaN(value) || !r.comparison().test(value, r.threshold())) {
            return Optional.empty();
        }
        long now = clock.millis();
        String key = r.name() + "\u0000" + w.app();
        Long last = lastFired.get(key);
        if (last != null && now - last < r.cooldown().toMillis()) {
            return Optional.empty();
        }
        lastFired.put(key, now);
        return Optional.of(new FiredAlert(r.name(), w.app(), r.metric(), r.filter(), value, r.comparison().symbol(),
                r.threshold(), w.window(), w.start(), w.end(), now));
    }

    private void fire(FiredAlert a) {
        fired.increment();
        LOG.warn("ALERT {} for app {}: {} = {} {} {} in the {} window starting {}", a.rule(), a.app(), a.metric(),
                a.value(), a.comparison(), a.threshold(), a.window(), java.time.Instant.ofEpochMilli(a.windowStart()));
        recent.addLast(a);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        webhook.ifPresent(uri -> post(uri, a));
    }

    private void post(URI uri, FiredAlert a) {
        String body;
        try {
            body = JSON.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() >= 300) {
                deliveryFailed.increment();
                LOG.warn("live: alert webhook {} failed: {}", uri,
                        error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    /** The alerts fired for an app (all apps when null), newest first. */
    synchronized List<FiredAlert> recent(String app) {
        List<FiredAlert> out = new ArrayList<>();
        recent.descendingIterator().forEachRemaining(a -> {
            if (app == null || a.app().equals(app)) {
                out.add(a);
            }
        });
        return out;
    }
}
