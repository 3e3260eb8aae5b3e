package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.live.LiveWindows;
import dev.questlog.live.WindowSnapshot;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live tier over HTTP (analyst key, scoped to its app; an admin key names the app with {@code app=}):
 * <ul>
 *   <li>{@code GET /v1/live?window=10s|1m&n=N}: the newest N closed windows (default 6) and the open ones, per size:
 *       {@code {"app","watermark","windows":{"10s":[…],"1m":[…]}}};</li>
 *   <li>{@code GET /v1/live/stream} (with {@code Accept: text/event-stream}, as browsers' EventSource sends):
 *       server-sent events — {@code window} with every window of the app as it closes, and {@code open} with the
 *       open windows every {@value #STREAM_TICK_MILLIS} ms;</li>
 *   <li>{@code GET /v1/alerts}: {@code {"alerts":[fired alert…]}}, newest first.</li>
 * </ul>
 */
public final class LiveRoutes implements Routes, AutoCloseable {
    static final long STREAM_TICK_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    private static final List<String> WINDOWS = List.of("10s", "1m");
    private final LiveWindows live;
    private final Auth auth;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-sse").daemon().factory());

    public LiveRoutes(LiveWindows live, Auth auth) {
        this.live = live;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/live", this::windows);
        routes.get("/v1/alerts", this::alerts);
        SseHandler sse = new SseHandler(this::stream);
        routes.get("/v1/live/stream", ctx -> {
            ctx.attribute("questlog.live.app", app(ctx)); // authenticate before the stream starts
            sse.handle(ctx);
        });
    }

    private String app(Context ctx) {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        return SearchRoutes.app(ctx, p);
    }

    private void windows(Context ctx) {
        String app = app(ctx);
        int n = SearchRoutes.integer(ctx, "n", 6);
        if (n < 0 || n > 10_000) {
            throw ApiException.badRequest("n must be 0..10000, was " + n);
        }
        String only = ctx.queryParam("window");
        if (only != null && !WINDOWS.contains(only)) {
            throw ApiException.badRequest("window must be 10s or 1m, was '" + only + "'");
        }
        Map<String, Object> windows = new LinkedHashMap<>();
        for (String w : only == null ? WINDOWS : List.of(only)) {
            windows.put(w, live.windows(app, w, n));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", app);
        body.put("watermark", live.watermark());
        body.put("windows", windows);
        ctx.json(body);
    }

    private void alerts(Context ctx) {
        ctx.json(Map.of("alerts", live.alerts(app(ctx))));
    }

    private void stream(SseClient client) {
        String app = client.ctx().attribute("questlog.live.app");
        client.keepAlive();
        AutoCloseable subscription = live.subscribe(w -> {
            if (w.app().equals(app) && !client.terminated()) {
                client.sendEvent("window", w);
            }
        });
        AtomicReference<ScheduledFuture<?>> tick = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> t = tick.get();
            if (t != null) {
                t.cancel(false);
            }
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("live: unsubscribing failed", e);
            }
        };
        // The tick also ends the stream when it finds the client gone: onClose is not called when Javalin's own
        // close of a recycled request fails, and the tick would otherwise run for the life of the process.
        tick.set(ticker.scheduleAtFixedRate(() -> {
            if (client.terminated()) {
                end.run();
            } else {
                sendOpen(client, app);
            }
        }, 0, STREAM_TICK_MILLIS, TimeUnit.MILLISECONDS));
        if (ended.get()) {
            tick.get().cancel(false); // ended before the tick was stored
        }
        client.onClose(end);
    }

    private void sendOpen(SseClient client, String app) {
        try {
            Map<String, List<WindowSnapshot>> open = new LinkedHashMap<>();
            for (String w : WINDOWS) {
                open.put(w, live.windows(app, w, 0));
            }
            client.sendEvent("open", Map.of("watermark", live.watermark(), "windows", open));
        } catch (RuntimeException e) {
            LOG.debug("live: sending to an SSE client failed", e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
