package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.hot.HotIndex;
import dev.questlog.hot.SearchRequest;
import dev.questlog.hot.SearchResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/search} over the hot tier (analyst key, scoped to its app; an admin key names the app with
 * {@code app=}). Parameters: {@code event_type} (repeatable or comma-separated), {@code client_id},
 * {@code session_id}, {@code level}, {@code app_version}, {@code from}/{@code to} (epoch ms or ISO-8601; to is
 * exclusive), {@code attr.<name>=value} (nested attributes by dotted path), {@code q} (free text over string
 * attributes), {@code limit} (1..1000, default 50), {@code offset} or {@code cursor}. Answers
 * {@code {"total":n,"events":[stored event…],"facets":{"event_type":{type:count}},"next_cursor":…}}, newest first.
 */
public final class SearchRoutes implements Routes {
    private static final int DEFAULT_LIMIT = 50;
    private final HotIndex index;
    private final Auth auth;

    public SearchRoutes(HotIndex index, Auth auth) {
        this.index = index;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/search", this::search);
    }

    private void search(Context ctx) {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        SearchRequest request;
        SearchResult result;
        try {
            request = request(ctx, app(ctx, p));
            result = index.search(request);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", result.total());
        body.put("events", result.hits());
        body.put("facets", Map.of("event_type", result.eventTypes()));
        body.put("next_cursor", result.nextCursor());
        ctx.json(body);
    }

    static String app(Context ctx, Principal p) {
        if (!p.isAdmin()) {
            return p.app();
        }
        String app = ctx.queryParam("app");
        if (app == null || app.isBlank()) {
            throw ApiException.badRequest("an admin key must name the app: app=<name>");
        }
        return app;
    }

    private static SearchRequest request(Context ctx, String app) {
        List<String> types = new ArrayList<>();
        for (String t : ctx.queryParams("event_type")) {
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    types.add(part.strip());
                }
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.startsWith("attr.") && name.length() > 5 && !values.isEmpty()) {
                attributes.put(name.substring(5), values.getFirst());
            }
        });
        String level = ctx.queryParam("level") != null ? ctx.queryParam("level") : ctx.queryParam("level_id");
        return new SearchRequest(app, types, ctx.queryParam("client_id"), ctx.queryParam("session_id"), level,
                ctx.queryParam("app_version"), time(ctx, "from"), time(ctx, "to"), attributes, ctx.queryParam("q"),
                integer(ctx, "limit", DEFAULT_LIMIT), integer(ctx, "offset", 0), ctx.queryParam("cursor"));
    }

    /** Epoch milliseconds or an ISO-8601 instant; null when absent. */
    static Long time(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text.strip()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + " must be epoch milliseconds or an ISO-8601 instant, was '"
                        + text + "'");
            }
        }
    }

    static int integer(Context ctx, String name, int dflt) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, was '" + text + "'");
        }
    }
}
