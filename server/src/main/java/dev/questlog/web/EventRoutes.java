package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.ingest.Collector;
import dev.questlog.ingest.IngestException;
import dev.questlog.ingest.IngestRequest;
import dev.questlog.ingest.IngestResult;
import dev.questlog.ingest.Rejection;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /v1/events} with a server or client key: answers
 * {@code 200 {"accepted":N,"duplicates":D,"rejected":[{"index":i,"event_id":…,"reason":…}]}} once the accepted
 * events are durable; 400/413/415/429/503 as {@code {"error":…}} (400 "nothing valid" also lists {@code rejected}).
 * The response is written asynchronously, so a request waiting for its fsync holds no thread.
 */
public final class EventRoutes implements Routes {
    private final Collector collector;
    private final Auth auth;
    private final long drainLimitBytes;

    /**
     * @param drainLimitBytes a request refused before its body was read has up to this many body bytes read and
     *                        discarded first, so that clients still sending it see the answer rather than a reset
     */
    public EventRoutes(Collector collector, Auth auth, long drainLimitBytes) {
        this.collector = collector;
        this.auth = auth;
        this.drainLimitBytes = drainLimitBytes;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/events", this::post);
    }

    private void post(Context ctx) throws IOException {
        Principal p;
        try {
            p = auth.require(ctx, KeyKind.SERVER, KeyKind.CLIENT);
        } catch (ApiException e) {
            drain(ctx);
            throw e;
        }
        long length = ctx.req().getContentLengthLong();
        IngestRequest request = new IngestRequest(p, ctx.req().getInputStream(), length, ctx.header("Content-Type"),
                ctx.header("Content-Encoding"));
        try {
            var result = collector.ingest(request);
            ctx.future(() -> result.handle((r, e) -> {
                if (e == null) {
                    ctx.json(answer(r));
                } else {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (!(cause instanceof IngestException ie)) {
                        throw new CompletionException(cause);
                    }
                    ApiServer.answer(toApi(ie), ctx);
                }
                return null;
            }));
        } catch (IngestException e) {
            drain(ctx);
            throw toApi(e);
        }
    }

    /** Reads and drops what is left of the body, up to the limit (bounded in time by the idle timeout). */
    private void drain(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > drainLimitBytes) {
            return;  // too big to be worth reading: the connection is closed after the answer
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < drainLimitBytes && (n = in.read(sink)) >= 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or stalled; the answer is still attempted.
        }
    }

    private static Map<String, Object> answer(IngestResult r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", r.accepted());
        body.put("duplicates", r.duplicates());
        body.put("rejected", rejected(r.rejected()));
        return body;
    }

    static List<Map<String, Object>> rejected(List<Rejection> rejected) {
        return rejected.stream().map(x -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", x.index());
            m.put("event_id", x.eventId());
            m.put("field", x.field());
            m.put("reason", x.reason());
            return m;
        }).toList();
    }

    private static ApiException toApi(IngestException e) {
        Map<String, Object> extra = e.rejected().isEmpty() ? Map.of() : Map.of("rejected", rejected(e.rejected()));
        return new ApiException(e.status(), e.getMessage(), extra, e.retryAfterSeconds());
    }
}
