package dev.questlog.web;

import io.javalin.config.RoutesConfig;

/**
 * A group of HTTP routes of one stage (e.g. {@code SearchRoutes}), added to the server when it is built. Handlers
 * authenticate with {@link Auth}, fail with {@link ApiException} (answered as {@code {"error":…}}), and must not
 * block for long: a slow back end answers 503 rather than holding the request forever.
 */
@FunctionalInterface
public interface Routes {
    /** Registers this group's handlers. */
    void addTo(RoutesConfig routes);
}
