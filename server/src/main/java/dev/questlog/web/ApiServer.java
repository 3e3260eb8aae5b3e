package dev.questlog.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin 7 on Jetty 12): {@code GET /v1/health}, {@code GET /metrics} and the route groups of the
 * stages this process runs. Errors are answered as JSON {@code {"error":"…"}}; 429/503 carry {@code Retry-After}.
 * Every request is counted in {@code questlog_http_requests_total{method,route,status}}.
 *
 * <p>Lifecycle: {@link #start} binds the port and returns once serving; {@link #close} stops accepting and
 * finishes in-flight requests. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int INPUT_BUFFER_BYTES = 64 << 10;

    private final Javalin javalin;

    /**
     * Where and how to listen.
     *
     * @param host        address to bind
     * @param port        TCP port, 0 for any free one
     * @param idleTimeout a connection that sends nothing for this long is closed (slow or stalled bodies)
     */
    public record Options(String host, int port, Duration idleTimeout) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
            }
        }
    }

    private ApiServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /** Builds and starts the server; returns once it accepts connections. */
    public static ApiServer start(Options options, Health health, PrometheusMeterRegistry metrics, List<Routes> routes) {
        Javalin javalin = Javalin.create(config -> configure(config, options, health, metrics, routes));
        javalin.start(options.host(), options.port());
        for (Connector c : javalin.jettyServer().server().getConnectors()) {
            if (c instanceof AbstractConnector ac) {
                ac.setIdleTimeout(options.idleTimeout().toMillis());
            }
            HttpConnectionFactory http = c.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                // Event batches are typically 50-500 KB: read them in fewer, larger chunks than the 8 KB default
                // (fewer read calls and thread wake-ups per request). 64 KB is the largest size Jetty's buffer pool
                // keeps (larger buffers would be allocated afresh for every read); they are held only while reading.
                http.setInputBufferSize(INPUT_BUFFER_BYTES);
            }
        }
        return new ApiServer(javalin);
    }

    private static void configure(JavalinConfig config, Options options, Health health,
                                  PrometheusMeterRegistry metrics, List<Routes> routes) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(JSON, false));
        config.router.ignoreTrailingSlashes = true;
        // Dispatch as soon as the headers are in, so that auth and back-pressure answer before a body is sent.
        config.jetty.modifyHttpConfiguration(http -> http.setDelayDispatchUntilContent(false));
        config.requestLogger.http((ctx, ms) -> count(metrics, ctx));
        config.routes.get("/v1/health", ctx -> health(ctx, health));
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        routes.forEach(r -> r.addTo(config.routes));
        config.routes.exception(ApiException.class, ApiServer::answer);
        config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, ApiServer::unexpected);
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
    }

    /**
     * Answers 500 for an exception no route handled. Never throws: when the request is already recycled (an SSE
     * client gone while an event was being sent), Javalin hands an exception thrown here back to this handler, and
     * a handler that throws again made that a loop that spun a core and logged without end.
     */
    private static void unexpected(Exception e, Context ctx) {
        try {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        } catch (RuntimeException gone) {
            LOG.debug("error after the response was recycled: {}", e.toString(), gone);
        }
    }

    private static void health(Context ctx, Health health) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean ready = health.ready();
        body.put("status", ready ? "ready" : "unavailable");
        body.put("components", health.components());
        ctx.status(ready ? 200 : 503).json(body);
    }

    /** Writes an {@link ApiException} as {@code {"error":…}} plus its extra fields. */
    static void answer(ApiException e, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.putAll(e.extra());
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(body);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error " + status : message));
    }

    private static void count(PrometheusMeterRegistry metrics, Context ctx) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Counter.builder("questlog_http_requests_total").description("HTTP requests by route and status")
                .tag("method", ctx.method().toString()).tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode())).register(metrics).increment();
    }

    /** The bound TCP port. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
