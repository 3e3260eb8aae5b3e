package dev.questlog.warehouse;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small table another stage keeps in the warm engine (e.g. the live tier's {@code live_metrics}). It always
 * starts with {@code app VARCHAR NOT NULL}; analysts see it in SQL under its name, scoped to their app like
 * {@code events}.
 *
 * @param name    table name, {@code [a-z][a-z0-9_]{0,62}}, not {@code events} nor a per-type view's name
 * @param columns the columns after {@code app}
 */
public record SideTable(String name, List<Column> columns) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED = Set.of("events", "events_all", "loaded_files", "loaded_manifests",
            "reader_roles");

    /** Column types both engines spell the same way. */
    public enum Type { VARCHAR, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP }

    public record Column(String name, Type type) {
        public Column {
            if (name == null || !NAME.matcher(name).matches() || name.equals("app")) {
                throw new IllegalArgumentException("column name must match " + NAME.pattern() + " and not be app, was '"
                        + name + "'");
            }
            java.util.Objects.requireNonNull(type, "type");
        }
    }

    public SideTable {
        if (name == null || !NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new IllegalArgumentException("side table name must match " + NAME.pattern() + " and not be one of "
                    + RESERVED + ", was '" + name + "'");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("side table " + name + " needs at least one column besides app");
        }
    }

    /** {@code app VARCHAR NOT NULL, c1 T1, …} with the engine's type names. */
    public String definition(boolean postgres) {
        return "app " + (postgres ? "text" : "VARCHAR") + " NOT NULL, " + columns.stream()
                .map(c -> c.name() + " " + (postgres ? postgresType(c.type()) : c.type().name()))
                .collect(Collectors.joining(", "));
    }

    public String columnNames() {
        return "app, " + columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static String postgresType(Type t) {
        return switch (t) {
            case VARCHAR -> "text";
            case DOUBLE -> "double precision";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }
}
