package dev.questlog.web;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.ingest.SchemaRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The schema registry over HTTP: {@code PUT /v1/schemas/{event_type}?app=A} (admin key; body = a JSON Schema) and
 * {@code GET /v1/schemas/{event_type}?app=A} (admin, or any key of the app). Events of that type from that app are
 * validated against it from then on.
 */
public final class SchemaRoutes implements Routes {
    private static final int MAX_SCHEMA_BYTES = 1 << 20;
    private final SchemaRegistry schemas;
    private final AppRegistry registry;
    private final Auth auth;

    public SchemaRoutes(SchemaRegistry schemas, AppRegistry registry, Auth auth) {
        this.schemas = schemas;
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.put("/v1/schemas/{event_type}", this::put);
        routes.get("/v1/schemas/{event_type}", this::get);
    }

    private void put(Context ctx) {
        auth.require(ctx, KeyKind.ADMIN);
        String app = app(ctx, null);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_SCHEMA_BYTES) {
            throw new ApiException(413, "a schema may have at most " + MAX_SCHEMA_BYTES + " bytes");
        }
        try {
            schemas.put(app, ctx.pathParam("event_type"), body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.json(Map.of("app", app, "event_type", ctx.pathParam("event_type")));
    }

    private void get(Context ctx) {
        Principal p = auth.require(ctx);
        String app = app(ctx, p.app());
        auth.requireForApp(ctx, app);
        String schema = schemas.get(app, ctx.pathParam("event_type"))
                .orElseThrow(() -> ApiException.notFound("no schema for " + app + "/" + ctx.pathParam("event_type")));
        ctx.contentType("application/schema+json").result(schema);
    }

    private String app(Context ctx, String fallback) {
        String app = ctx.queryParam("app");
        if (app == null) {
            app = fallback;
        }
        if (app == null) {
            throw ApiException.badRequest("say which app: ?app=NAME");
        }
        if (registry.app(app).isEmpty()) {
            throw ApiException.notFound("no app named '" + app + "'");
        }
        return app;
    }
}
