package dev.questlog.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * An alert that fired: shown by {@code /v1/alerts} and POSTed as this JSON to the webhook.
 *
 * @param rule        the rule's name
 * @param app         the app whose window triggered it
 * @param metric      the rule's metric
 * @param filter      the rule's filter
 * @param value       the metric's value in the window
 * @param comparison  the comparison symbol, e.g. {@code >}
 * @param threshold   the rule's threshold
 * @param window      {@code 10s} or {@code 1m}
 * @param windowStart window start, epoch ms
 * @param windowEnd   window end, epoch ms
 * @param firedAt     when it fired (injected clock), epoch ms
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FiredAlert(String rule, String app, String metric, Map<String, String> filter, double value,
                         String comparison, double threshold, String window, long windowStart, long windowEnd,
                         long firedAt) {
    public FiredAlert {
        filter = Map.copyOf(filter);
    }
}
