package dev.questlog.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.config.LiveConfig;
import java.io.IOException;

/**
 * What the live windows need of a stored event (the JSON value of a record of stream {@code events}).
 *
 * @param app       the app
 * @param type      event_type
 * @param eventTime skew-corrected event time, epoch ms
 * @param clientId  client_id or null
 * @param levelId   level_id or null
 * @param currency  the purchase currency attribute or null
 * @param amount    the purchase amount attribute, NaN when absent
 * @param fps       the fps attribute, NaN when absent
 */
record LiveEvent(String app, String type, long eventTime, String clientId, String levelId, String currency,
                 double amount, double fps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a stored event; throws {@link IllegalArgumentException} when it is not one. */
    static LiveEvent parse(byte[] stored, LiveConfig config) {
        JsonNode root;
        try {
            root = JSON.readTree(stored);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        JsonNode e = root.path("event");
        String app = root.path("app").asText(null);
        String type = e.path("event_type").asText(null);
        if (app == null || type == null || !root.path("event_time").canConvertToLong()) {
            throw new IllegalArgumentException("not a stored event (needs app, event_time, event.event_type)");
        }
        return new LiveEvent(app, type, root.path("event_time").asLong(), text(e, "client_id"), text(e, "level_id"),
                text(e, config.currencyAttribute()), number(e, config.amountAttribute()),
                number(e, config.fpsAttribute()));
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return v.isTextual() ? Double.parseDouble(v.asText()) : Double.NaN;
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
