package dev.questlog.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The metrics of one app in one tumbling event-time window, as served by {@code /v1/live} and persisted once closed.
 *
 * @param app              the app
 * @param window           {@code 10s} or {@code 1m}
 * @param start            window start, epoch ms (inclusive)
 * @param end              window end, epoch ms (exclusive)
 * @param closed           false while the window still takes events (watermark before its end)
 * @param events           events counted into the window
 * @param eventsByType     events per event type
 * @param players          distinct client_ids (HyperLogLog estimate, about 1.6% relative standard error)
 * @param sessionsStarted  session-start events
 * @param deathsByLevel    death events per level_id ({@code ""} when absent)
 * @param purchasesByCurrency purchase events per currency ({@code ""} when absent)
 * @param revenueByCurrency   summed purchase amounts per currency
 * @param crashes          crash events
 * @param fps              fps quantiles ({@code count}, {@code p50}, {@code p90}, {@code p99}; KLL sketch); empty
 *                         when no event carried fps
 * @param late             events that arrived while this window was the newest, for windows already closed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// The JSON form (snake_case fields) is the persisted form of every WindowStore and the /v1/live payload.
public record WindowSnapshot(String app, String window, long start, long end, boolean closed, long events,
                             Map<String, Long> eventsByType, long players, long sessionsStarted,
                             Map<String, Long> deathsByLevel, Map<String, Long> purchasesByCurrency,
                             Map<String, Double> revenueByCurrency, long crashes, Map<String, Double> fps, long late) {
    public WindowSnapshot {
        Objects.requireNonNull(app, "app");
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
        eventsByType = Map.copyOf(eventsByType);
        deathsByLevel = Map.copyOf(deathsByLevel);
        purchasesByCurrency = Map.copyOf(purchasesByCurrency);
        revenueByCurrency = Map.copyOf(revenueByCurrency);
        fps = Map.copyOf(fps);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** This snapshot as one line of JSON (snake_case fields), the form every {@link WindowStore} persists. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@link #toJson()}'s form back.
     *
     * @throws IllegalArgumentException when {@code json} is not a valid snapshot (e.g. a torn line)
     */
    public static WindowSnapshot fromJson(String json) {
        try {
            return JSON.readValue(json, WindowSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a window snapshot: " + e.getOriginalMessage(), e);
        }
    }
}
