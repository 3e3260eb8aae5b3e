package dev.questlog.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.QueryResults;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/sql} {@code {"sql":"SELECT …"}} with an analyst key (or the admin key plus {@code "app"}): runs one
 * read-only query over the key's app in the warm tier and answers {@code {"columns":[…],"rows":[[…]]}}, or CSV with
 * {@code Accept: text/csv}. 400 for a refused or failed query, 503 with Retry-After when the query pool is full or
 * the warehouse is down. Queries run on a small pool of their own, never on the HTTP threads.
 */
public final class SqlRoutes implements Routes, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SQL_CHARS = 100_000;

    private final Warehouse warehouse;
    private final Auth auth;
    private final ThreadPoolExecutor pool;

    /** @param parallelQueries queries run at once; as many more may wait */
    public SqlRoutes(Warehouse warehouse, Auth auth, int parallelQueries) {
        this.warehouse = warehouse;
        this.auth = auth;
        this.pool = new ThreadPoolExecutor(parallelQueries, parallelQueries, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(parallelQueries), r -> {
                    Thread t = new Thread(r, "sql-query");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/v1/sql", this::post);
    }

    private void post(Context ctx) {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        JsonNode body = body(ctx);
        String app = p.isAdmin() ? text(body, "app", "the admin key must name the app: {\"app\":…,\"sql\":…}") : p.app();
        String sql = text(body, "sql", "body must be {\"sql\":\"SELECT …\"}");
        if (sql.length() > MAX_SQL_CHARS) {
            throw ApiException.badRequest("sql is longer than " + MAX_SQL_CHARS + " characters");
        }
        boolean csv = String.valueOf(ctx.header("Accept")).contains("text/csv");
        CompletableFuture<QueryResult> result;
        try {
            result = CompletableFuture.supplyAsync(() -> warehouse.query(app, sql), pool);
        } catch (RejectedExecutionException e) {
            throw ApiException.overloaded(503, "too many SQL queries running; retry shortly", 1);
        }
        ctx.future(() -> result.handle((r, e) -> {
            if (e == null) {
                if (csv) {
                    ctx.contentType("text/csv; charset=utf-8").result(QueryResults.toCsv(r));
                } else {
                    ctx.json(QueryResults.toJsonMap(r));
                }
            } else {
                ApiServer.answer(toApi(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e), ctx);
            }
            return null;
        }));
    }

    private static ApiException toApi(Throwable e) {
        if (e instanceof QueryException q) {
            return ApiException.badRequest(q.getMessage());
        }
        if (e instanceof WarehouseException w) {
            return ApiException.overloaded(503, "the warehouse is not available: " + w.getMessage(), 5);
        }
        throw new CompletionException(e);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = JSON.readTree(ctx.bodyInputStream());
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("body must be {\"sql\":\"SELECT …\"}");
            }
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode body, String field, String message) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest(message);
        }
        return v.asText();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
