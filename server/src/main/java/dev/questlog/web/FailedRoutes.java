package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.ingest.FailedEvent;
import dev.questlog.ingest.FailedEvents;
import dev.questlog.log.EventLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/failed?limit=N[&app=A]}: the newest rejected events with their reasons, newest first. Analyst
 * keys see their app's; the admin key sees every app's (or {@code app}'s).
 */
public final class FailedRoutes implements Routes {
    private final EventLog log;
    private final Auth auth;

    public FailedRoutes(EventLog log, Auth auth) {
        this.log = log;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/failed", this::get);
    }

    private void get(Context ctx) throws InterruptedException {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        String app = p.isAdmin() ? ctx.queryParam("app") : p.app();
        int limit = limit(ctx.queryParam("limit"));
        List<FailedEvent> failed = FailedEvents.tail(log, app, limit);
        ctx.json(Map.of("failed", failed.stream().map(FailedRoutes::json).toList()));
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to 10000, was '" + text + "'");
    }

    private static Map<String, Object> json(FailedEvent f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", f.app());
        m.put("key_id", f.keyId());
        m.put("received_at", f.receivedAt());
        m.put("reason", f.reason());
        m.put("field", f.field());
        m.put("index", f.index());
        m.put("event_id", f.eventId());
        m.put("raw", f.raw());
        return m;
    }
}
