package dev.questlog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.lake.LakeEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads how often each event_id is in each tier of a running (child) server: warm by SQL, hot by search, lake by DuckDB. */
final class Tiers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tiers() {
    }

    /** event_id → rows in the warm table {@code events}, through {@code POST /v1/sql}. */
    static Map<String, Long> warm(ChildServer server, String analystKey) {
        HttpResponse<String> r = server.send("POST", "/v1/sql", analystKey,
                "{\"sql\":\"SELECT event_id, count(*) AS n FROM events GROUP BY event_id\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("warm SQL answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode row : read(r.body()).path("rows")) {
            counts.put(row.get(0).asText(), row.get(1).asLong());
        }
        return counts;
    }

    /** event_id → hits in the hot tier, through {@code GET /v1/search} per producer client_id, all pages. */
    static Map<String, Long> hot(ChildServer server, String analystKey, int clients) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ids.add("player-" + c);
        }
        return hot(path -> server.send("GET", path, analystKey, null), ids);
    }

    /** event_id → hits in the hot tier for these client_ids; {@code get} sends a GET with an analyst key. */
    static Map<String, Long> hot(Function<String, HttpResponse<String>> get, List<String> clientIds) {
        Map<String, Long> counts = new HashMap<>();
        for (String client : clientIds) {
            String cursor = null;
            do {
                String path = "/v1/search?client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8) + "&limit=1000"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpResponse<String> r = get.apply(path);
                if (r.statusCode() != 200) {
                    throw new AssertionError("search answered " + r.statusCode() + ": " + r.body());
                }
                JsonNode page = read(r.body());
                for (JsonNode hit : page.path("events")) {
                    counts.merge(hit.path("event").path("event_id").asText(), 1L, Long::sum);
                }
                cursor = page.path("events").isEmpty() || page.path("next_cursor").isNull() ? null
                        : page.path("next_cursor").asText();
            } while (cursor != null);
        }
        return counts;
    }

    /** event_id → rows over every Parquet file of the local lake ({@code <data_dir>/lake}), read by DuckDB. */
    static Map<String, Long> lake(Path lakeDir) {
        Map<String, Long> counts = new HashMap<>();
        if (!Files.isDirectory(lakeDir.resolve("events"))) {
            return counts;
        }
        String glob = lakeDir.resolve("events").toAbsolutePath() + "/**/part-*.parquet";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id, count(*) FROM (" + LakeEvents.decoded("read_parquet('"
                     + glob.replace("'", "''") + "', union_by_name = true)") + ") GROUP BY 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("No files found")) {
                return counts;
            }
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
