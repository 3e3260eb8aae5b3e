package dev.questlog.warehouse;

import dev.questlog.config.WarehouseView;
import java.util.stream.Collectors;

/** SQL text of the per-event-type views (the talk's jsonpaths), shared by the engines. */
public final class ViewSql {
    private ViewSql() {
    }

    /**
     * {@code SELECT *, <promoted columns> FROM <source> WHERE event_type = '<type>'}; a value that does not convert
     * to the column's type reads as NULL rather than failing the query.
     *
     * @param postgres true for PostgreSQL's jsonb operators, false for DuckDB's json functions
     */
    public static String select(WarehouseView view, String source, boolean postgres) {
        String cols = view.columns().stream().map(c -> column(c, postgres) + " AS " + c.name())
                .collect(Collectors.joining(", "));
        return "SELECT *, " + cols + " FROM " + source + " WHERE event_type = '" + view.eventType() + "'";
    }

    private static String column(WarehouseView.Column c, boolean postgres) {
        if (postgres) {
            String path = c.fields().stream().map(f -> f).collect(Collectors.joining(",", "'{", "}'"));
            return "analytics.questlog_try_cast(attributes #>> " + path + ", '" + c.sqlType() + "'::text)::" + c.sqlType();
        }
        return "TRY_CAST(json_extract_string(attributes, '" + c.path() + "') AS " + c.sqlType() + ")";
    }
}
