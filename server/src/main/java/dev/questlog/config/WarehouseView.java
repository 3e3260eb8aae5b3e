package dev.questlog.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One per-event-type view of the warm tier (the talk's "jsonpaths"): the events of {@code eventType} with chosen
 * attributes promoted to typed columns, so the table schema never changes when an event gains a field.
 *
 * @param eventType the event type; also the view's name
 * @param columns   the promoted attributes, in view column order
 */
public record WarehouseView(String eventType, List<Column> columns) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public WarehouseView {
        if (eventType == null || !NAME.matcher(eventType).matches()) {
            throw new IllegalArgumentException("view event type must match " + NAME.pattern() + " (it names the "
                    + "view), was '" + eventType + "'");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("view " + eventType + " needs at least one column");
        }
    }

    /**
     * A promoted attribute.
     *
     * @param name    column name in the view
     * @param path    JSON path into the attributes object: {@code $.price} or {@code $.item.sku}
     * @param sqlType SQL type the value is cast to (NULL when it does not convert)
     */
    public record Column(String name, String path, String sqlType) {
        private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+");
        private static final Pattern TYPE = Pattern.compile(
                "(?i)VARCHAR|TEXT|BOOLEAN|INTEGER|BIGINT|DOUBLE|DATE|TIMESTAMP|DECIMAL\\(\\d{1,2},\\d{1,2}\\)");

        public Column {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("view column must match " + NAME.pattern() + ", was '" + name + "'");
            }
            if (path == null || !PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("view column " + name + ": path must look like $.field or "
                        + "$.object.field, was '" + path + "'");
            }
            if (sqlType == null || !TYPE.matcher(sqlType).matches()) {
                throw new IllegalArgumentException("view column " + name + ": type must be one of VARCHAR, TEXT, "
                        + "BOOLEAN, INTEGER, BIGINT, DOUBLE, DATE, TIMESTAMP, DECIMAL(p,s), was '" + sqlType + "'");
            }
        }

        /** The path's field names, e.g. {@code [item, sku]} for {@code $.item.sku}. */
        public List<String> fields() {
            return List.of(path.substring(2).split("\\."));
        }
    }

    /** The setting type: a map event_type → list of {column, path, type}; in an environment variable, JSON text. */
    static SettingType<List<WarehouseView>> listType() {
        return new SettingType<>() {
            @Override
            public List<WarehouseView> parse(JsonNode node) {
                if (node.isNull() || node.isMissingNode()) {
                    return List.of();
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException("expected a map of event type to a list of columns");
                }
                List<WarehouseView> views = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    views.add(new WarehouseView(e.getKey(), columns(e.getKey(), e.getValue())));
                }
                return List.copyOf(views);
            }

            @Override
            public List<WarehouseView> parseText(String text) {
                try {
                    return text.isBlank() ? List.of() : parse(new ObjectMapper().readTree(text));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("not JSON: " + e.getMessage());
                }
            }

            @Override
            public String render(List<WarehouseView> value) {
                return value.isEmpty() ? "{}" : value.toString();
            }

            @Override
            public String allowed() {
                return "a map event_type -> [{column, path, type}]";
            }
        };
    }

    private static List<Column> columns(String type, JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("view " + type + ": expected a list of {column, path, type}");
        }
        List<Column> out = new ArrayList<>();
        for (JsonNode c : list) {
            out.add(new Column(c.path("column").asText(null), c.path("path").asText(null), c.path("type").asText(null)));
        }
        return out;
    }
}
