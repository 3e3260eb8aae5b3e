package dev.questlog.heatmap;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the aggregation the warm engine runs: filter the events, bin their positions in world units and count per
 * bin, so only one row per non-empty bin leaves the database. Columns of the result: {@code a, b, count_a, count_b}
 * (bin index, events on side A, events on side B; B is 0 in COUNT mode). Stateless.
 *
 * @param table   the events table or app-scoped view to read
 * @param dialect the engine's spelling
 */
public record HeatmapSql(String table, Dialect dialect) {

    /** A statement with its positional parameters. */
    public record Statement(String sql, List<Object> params) {
        /**
         * The statement with its parameters written in as SQL literals, for query paths that take no parameters.
         * Safe because the generated text holds no {@code ?} but the placeholders, strings are quoted with
         * doubled single quotes (standard SQL; PostgreSQL's standard_conforming_strings), and numbers are Java
         * longs/doubles.
         */
        public String inlined() {
            StringBuilder out = new StringBuilder();
            int next = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c != '?') {
                    out.append(c);
                    continue;
                }
                Object v = params.get(next++);
                if (v instanceof Long || v instanceof Integer || v instanceof Double) {
                    out.append(v);
                } else {
                    out.append('\'').append(String.valueOf(v).replace("'", "''")).append('\'');
                }
            }
            if (next != params.size()) {
                throw new IllegalStateException("statement has " + next + " placeholders for " + params.size() + " parameters");
            }
            return out.toString();
        }
    }

    public Statement bins(HeatmapRequest req, BinGrid grid) {
        List<Object> params = new ArrayList<>();
        String where = where(req, params);
        String sideA = sideCondition(req, true, params);
        String sideB = req.mode() == Mode.COUNT ? "FALSE" : sideCondition(req, false, params);
        // Positions in bin units relative to the grid origin (bound last, so they follow the WHERE parameters).
        String ux = "((position_x - " + grid.originX() + ") / " + grid.size() + ")";
        String uy = "((position_y - " + grid.originY() + ") / " + grid.size() + ")";
        String filtered = "SELECT " + ux + " AS ux, " + uy + " AS uy, "
                + "CASE WHEN " + sideA + " THEN 1 ELSE 0 END AS in_a, "
                + "CASE WHEN " + sideB + " THEN 1 ELSE 0 END AS in_b FROM " + table + " WHERE " + where;
        String binned = grid.shape() == BinShape.SQUARE ? squares(filtered) : hexagons(filtered);
        String sql = "SELECT a, b, SUM(in_a) AS count_a, SUM(in_b) AS count_b FROM (" + binned + ") binned "
                + "GROUP BY a, b";
        return new Statement(sql, reorder(params, req));
    }

    /** The data's extent (min/max x and y) for levels without a registration; same filters. */
    public Statement extent(HeatmapRequest req) {
        List<Object> params = new ArrayList<>();
        String where = where(req, params);
        return new Statement("SELECT MIN(position_x), MAX(position_x), MIN(position_y), MAX(position_y) FROM " + table
                + " WHERE " + where, params);
    }

    private static String squares(String filtered) {
        return "SELECT CAST(FLOOR(ux) AS BIGINT) AS a, CAST(FLOOR(uy) AS BIGINT) AS b, in_a, in_b FROM (" + filtered + ") f";
    }

    /** Cube rounding of axial hex coordinates, written in SQL so that raw rows never leave the engine. */
    private static String hexagons(String filtered) {
        String axial = "SELECT (" + BinGrid.SQRT3 + " / 3 * ux - uy / 3) AS qf, (2.0 / 3 * uy) AS rf, in_a, in_b FROM ("
                + filtered + ") f";
        String rounded = "SELECT qf, rf, -qf - rf AS sf, ROUND(qf) AS rq, ROUND(rf) AS rr, ROUND(-qf - rf) AS rs, in_a, in_b"
                + " FROM (" + axial + ") ax";
        String dq = "ABS(rq - qf)";
        String dr = "ABS(rr - rf)";
        String ds = "ABS(rs - sf)";
        String qWins = "(" + dq + " > " + dr + " AND " + dq + " > " + ds + ")";
        return "SELECT CAST(CASE WHEN " + qWins + " THEN -rr - rs ELSE rq END AS BIGINT) AS a, "
                + "CAST(CASE WHEN NOT " + qWins + " AND " + dr + " > " + ds + " THEN -rq - rs ELSE rr END AS BIGINT) AS b, "
                + "in_a, in_b FROM (" + rounded + ") rd";
    }

    private String where(HeatmapRequest req, List<Object> params) {
        List<String> c = new ArrayList<>();
        c.add("app = ?");
        params.add(req.app());
        c.add("level_id = ?");
        params.add(req.level());
        c.add("position_x IS NOT NULL AND position_y IS NOT NULL");
        List<String> types = new ArrayList<>(req.eventTypes());
        types.addAll(req.versusTypes());
        c.add("event_type IN (" + placeholders(types.size()) + ")");
        params.addAll(types);
        // The event_date bounds say nothing new (event_date is event_time's UTC date) but let the engines prune:
        // PostgreSQL's (app, event_date) index and DuckDB's event_date zonemaps; event_time alone has neither.
        req.from().ifPresent(t -> {
            c.add("event_date >= CAST(? AS DATE) AND event_time >= " + dialect.timestampFromMillis("?"));
            params.add(LocalDate.ofInstant(t, ZoneOffset.UTC).toString());
            params.add(t.toEpochMilli());
        });
        req.to().ifPresent(t -> {
            c.add("event_date <= CAST(? AS DATE) AND event_time < " + dialect.timestampFromMillis("?"));
            params.add(LocalDate.ofInstant(t, ZoneOffset.UTC).toString());
            params.add(t.toEpochMilli());
        });
        if (req.mode() == Mode.COMPARE) {
            c.add("app_version IN (?, ?)");
            params.add(req.appVersion().orElseThrow());
            params.add(req.versusVersion().orElseThrow());
        } else {
            req.appVersion().ifPresent(v -> {
                c.add("app_version = ?");
                params.add(v);
            });
        }
        req.trust().ifPresent(t -> {
            c.add("trust = ?");
            params.add(t);
        });
        for (Map.Entry<String, String> a : req.attributes().entrySet()) {
            c.add(dialect.attributeText("?") + " = ?");
            params.add(dialect.attributePath(a.getKey()));
            params.add(a.getValue());
        }
        return String.join(" AND ", c);
    }

    private static String sideCondition(HeatmapRequest req, boolean sideA, List<Object> params) {
        return switch (req.mode()) {
            case COUNT -> "TRUE";
            case BALANCE -> {
                List<String> types = sideA ? req.eventTypes() : req.versusTypes();
                params.addAll(types);
                yield "event_type IN (" + placeholders(types.size()) + ")";
            }
            case COMPARE -> {
                params.add(sideA ? req.appVersion().orElseThrow() : req.versusVersion().orElseThrow());
                yield "app_version = ?";
            }
        };
    }

    /**
     * The side conditions appear in the SELECT list, before the WHERE clause, but were collected after it: move
     * their parameters to the front so the positional order matches the text.
     */
    private static List<Object> reorder(List<Object> params, HeatmapRequest req) {
        int sideParams = switch (req.mode()) {
            case COUNT -> 0;
            case BALANCE -> req.eventTypes().size() + req.versusTypes().size();
            case COMPARE -> 2;
        };
        int whereParams = params.size() - sideParams;
        List<Object> ordered = new ArrayList<>(params.subList(whereParams, params.size()));
        ordered.addAll(params.subList(0, whereParams));
        return ordered;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
