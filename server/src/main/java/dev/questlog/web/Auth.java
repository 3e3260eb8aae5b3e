package dev.questlog.web;

import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns {@code Authorization: Bearer <key>} into a {@link Principal} and checks its kind. Route classes call
 * {@link #require} first thing. Thread-safe.
 */
public final class Auth {
    private static final String ATTRIBUTE = "questlog.principal";
    private final AppRegistry registry;

    public Auth(AppRegistry registry) {
        this.registry = registry;
    }

    /**
     * The request's principal, whose kind must be one of {@code kinds}.
     *
     * @throws ApiException 401 when the key is missing, unknown or revoked; 403 when its kind is not allowed
     */
    public Principal require(Context ctx, KeyKind... kinds) {
        Principal p = authenticate(ctx);
        Set<KeyKind> allowed = kinds.length == 0 ? EnumSet.allOf(KeyKind.class) : EnumSet.copyOf(Arrays.asList(kinds));
        if (!allowed.contains(p.kind())) {
            throw ApiException.forbidden("a " + p.kind().wireName() + " key may not do this; allowed: "
                    + allowed.stream().map(KeyKind::wireName).toList());
        }
        return p;
    }

    /**
     * Like {@link #require}, and the key must belong to {@code app} (admin keys may act on every app).
     *
     * @throws ApiException 403 when the key belongs to another app
     */
    public Principal requireForApp(Context ctx, String app, KeyKind... kinds) {
        Principal p = require(ctx, kinds);
        if (!p.mayAccess(app)) {
            throw ApiException.forbidden("this key belongs to app '" + p.app() + "', not '" + app + "'");
        }
        return p;
    }

    private Principal authenticate(Context ctx) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("missing Authorization: Bearer <key>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("Authorization must be 'Bearer <key>'");
        }
        Principal p = registry.authenticate(header.substring(7).strip())
                .orElseThrow(() -> ApiException.unauthorized("unknown or revoked key"));
        ctx.attribute(ATTRIBUTE, p);
        return p;
    }
}
