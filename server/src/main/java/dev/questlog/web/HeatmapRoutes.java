package dev.questlog.web;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.heatmap.Heatmap;
import dev.questlog.heatmap.HeatmapParams;
import dev.questlog.heatmap.HeatmapRequest;
import dev.questlog.heatmap.Heatmaps;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.WarehouseException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/heatmap?level=&event_type=&from=&to=&bins=hex|square&mode=count|balance|compare&versus=
 * &app_version=&versus_version=&trust=&attr.<name>=&bin_size=&size=&format=png|json} with an analyst key (or the
 * admin key plus {@code app=}): the key's app's events binned over the level. 400 names the bad parameter.
 */
public final class HeatmapRoutes implements Routes {
    private static final int MAX_SIZE_PX = 4000;

    private final Heatmaps heatmaps;
    private final Auth auth;
    private final int defaultSizePx;

    public HeatmapRoutes(Heatmaps heatmaps, Auth auth, int defaultSizePx) {
        this.heatmaps = heatmaps;
        this.auth = auth;
        this.defaultSizePx = defaultSizePx;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v1/heatmap", this::get);
    }

    private void get(Context ctx) {
        Principal p = auth.require(ctx, KeyKind.ANALYST, KeyKind.ADMIN);
        Map<String, List<String>> params = ctx.queryParamMap();
        String app = p.isAdmin() ? single(params, "app") : p.app();
        String format = params.containsKey("format") ? single(params, "format") : "png";
        if (!format.equals("png") && !format.equals("json")) {
            throw ApiException.badRequest("format: must be png or json, was \"" + format + "\"");
        }
        int size = params.containsKey("size") ? size(single(params, "size")) : defaultSizePx;
        HeatmapRequest request;
        try {
            request = HeatmapParams.parse(app, params);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Heatmap map;
        try {
            map = heatmaps.aggregate(request);
        } catch (QueryException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (WarehouseException e) {
            throw ApiException.overloaded(503, "the warehouse is not available: " + e.getMessage(), 5);
        }
        if (format.equals("json")) {
            ctx.contentType("application/json").result(heatmaps.json(map, size));
        } else {
            ctx.contentType("image/png").result(heatmaps.png(map, size));
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty() || v.getLast().isBlank()) {
            throw ApiException.badRequest(name + ": required");
        }
        return v.getLast();
    }

    private static int size(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 100 && n <= MAX_SIZE_PX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw ApiException.badRequest("size: must be an integer from 100 to " + MAX_SIZE_PX + " pixels, was \"" + v + "\"");
    }
}
