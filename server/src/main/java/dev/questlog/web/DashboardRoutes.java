package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web dashboard: {@code GET /} (the page), {@code GET /dashboard/*} (its ES modules and CSS),
 * {@code GET /webjars/*} (Chart.js from its WebJar) and {@code GET /v1/whoami} (the signed-in key, so the page can
 * check a key before keeping it). Everything is served from the classpath: no build step, no CDN.
 *
 * <p>The static files need no key (they hold no data); every data request the page makes carries the user's key as
 * a bearer token and is authorised by the route that answers it. Thread-safe.
 */
public final class DashboardRoutes implements Routes {
    private final Auth auth;
    private final ClasspathFiles dashboard = new ClasspathFiles("dashboard/", false);
    private final ClasspathFiles webjars = new ClasspathFiles("META-INF/resources/webjars/", true);

    public DashboardRoutes(Auth auth) {
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> dashboard.serve(ctx, "index.html"));
        routes.get("/dashboard/*", ctx -> dashboard.serve(ctx, ctx.path().substring("/dashboard/".length())));
        routes.get("/webjars/*", ctx -> webjars.serve(ctx, ctx.path().substring("/webjars/".length())));
        routes.get("/v1/whoami", this::whoami);
    }

    private void whoami(Context ctx) {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", p.app());
        body.put("kind", p.kind().wireName());
        body.put("key_id", p.keyId());
        ctx.json(body);
    }
}
