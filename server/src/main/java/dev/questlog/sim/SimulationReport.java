package dev.questlog.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulation sent and what became of it, in events. {@code accepted + rejected + dropped} settle everything
 * {@code sent}, except what was still queued or spooled when the report was made ({@code pending}).
 *
 * @param seed        the seed the run used (rerun with it to get the same events)
 * @param sent        events handed to the SDK
 * @param late        of which gameplay events delivered long after they happened
 * @param duplicates  of which deliberate re-sends of earlier events
 * @param invalid     of which deliberately invalid events
 * @param accepted    acknowledged by the collector (recognised duplicates included)
 * @param recognised  of the accepted, events the collector recognised as duplicates (not stored again)
 * @param rejected    refused by the collector for good
 * @param dropped     given up by the SDK without the collector's verdict
 * @param retried     re-transmissions by the SDK
 * @param pending     not settled when the report was made
 * @param elapsedMillis wall time from start to the report (for the final report: until the SDK delivered all, or
 *                      gave up)
 */
public record SimulationReport(long seed, long sent, long late, long duplicates, long invalid, long accepted,
                               long recognised, long rejected, long dropped, long retried, long pending, long elapsedMillis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Events sent per second of wall time. */
    public double eventsPerSecond() {
        return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
    }

    /** One JSON object on one line (snake_case keys), for scripts and tests. */
    public String toJsonLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("sent", sent);
        m.put("accepted", accepted);
        m.put("duplicates_recognised", recognised);
        m.put("rejected", rejected);
        m.put("dropped", dropped);
        m.put("duplicates", duplicates);
        m.put("invalid", invalid);
        m.put("late", late);
        m.put("retried", retried);
        m.put("pending", pending);
        m.put("elapsed_ms", elapsedMillis);
        m.put("events_per_s", Math.round(eventsPerSecond()));
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A few lines for people. */
    public String toText() {
        return String.format("sent %,d events in %.1f s (%,.0f/s): accepted %,d (%,d as duplicates), rejected %,d,"
                        + " dropped %,d, pending %,d%n  deliberately: %,d duplicates, %,d invalid, %,d late;"
                        + " SDK retransmissions %,d; seed %d",
                sent, elapsedMillis / 1000.0, eventsPerSecond(), accepted, recognised, rejected, dropped, pending,
                duplicates, invalid, late, retried, seed);
    }
}
