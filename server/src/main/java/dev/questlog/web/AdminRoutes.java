package dev.questlog.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.apps.AppInfo;
import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.IssuedKey;
import dev.questlog.apps.KeyKind;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Managing apps and keys with the admin key: {@code POST/GET /v1/admin/apps}, {@code POST /v1/admin/keys},
 * {@code DELETE /v1/admin/keys/{id}}. Secrets appear only in the answer that creates them.
 */
public final class AdminRoutes implements Routes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AppRegistry registry;
    private final Auth auth;

    public AdminRoutes(AppRegistry registry, Auth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/admin/apps", this::createApp);
        routes.get("/v1/admin/apps", this::listApps);
        routes.post("/v1/admin/keys", this::createKey);
        routes.delete("/v1/admin/keys/{id}", this::revokeKey);
    }

    private void createApp(Context ctx) {
        auth.require(ctx, KeyKind.ADMIN);
        String name = text(body(ctx), "name");
        try {
            ctx.status(201).json(registry.createApp(name).toJson());
        } catch (IllegalArgumentException e) {
            throw new ApiException(e.getMessage().contains("already exists") ? 409 : 400, e.getMessage());
        }
    }

    private void listApps(Context ctx) {
        auth.require(ctx, KeyKind.ADMIN);
        ctx.json(Map.of("apps", registry.apps().stream().map(AppInfo::toJson).toList()));
    }

    private void createKey(Context ctx) {
        auth.require(ctx, KeyKind.ADMIN);
        JsonNode body = body(ctx);
        KeyKind kind;
        try {
            kind = KeyKind.parse(text(body, "kind"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String app = kind == KeyKind.ADMIN ? null : text(body, "app");
        try {
            IssuedKey key = registry.createKey(app, kind);
            Map<String, Object> out = new LinkedHashMap<>(key.info().toJson());
            out.put("key", key.token());
            ctx.status(201).json(out);
        } catch (IllegalArgumentException e) {
            throw new ApiException(e.getMessage().startsWith("no app") ? 404 : 400, e.getMessage());
        }
    }

    private void revokeKey(Context ctx) {
        auth.require(ctx, KeyKind.ADMIN);
        String id = ctx.pathParam("id");
        if (!registry.revoke(id)) {
            throw ApiException.notFound("no key with id '" + id + "'");
        }
        ctx.json(Map.of("revoked", id));
    }

    static JsonNode body(Context ctx) {
        try {
            JsonNode n = JSON.readTree(ctx.bodyInputStream());
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw ApiException.badRequest("missing string field '" + field + "'");
        }
        return v.asText();
    }
}
