package dev.questlog.warehouse;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of the warm table {@code events}, shared by the engines so both hold the same shape: the typed
 * envelope, the event date it is clustered on, and the attributes as JSON. Read from the lake's Parquet rows as
 * {@link dev.questlog.lake.LakeEvents#decoded} gives them (true event_id and event_time, whichever way a file stores
 * them): never straight from the files, whose event_id and event_time are NULL where the lake rebuilds them.
 */
public final class EventColumns {
    /** A column: its name, DuckDB type, PostgreSQL type, and the expression over a lake Parquet row that fills it. */
    public record Column(String name, String duckdbType, String postgresType, String fromParquet) {
    }

    public static final List<Column> ALL = List.of(
            // The lake stores event_id as a 16-byte UUID (files written before: text), read here as text. PostgreSQL
            // keeps it as uuid: 16 bytes instead of 37 in the row and in the unique index the loader probes; readers'
            // views show it as text.
            new Column("event_id", "VARCHAR NOT NULL", "uuid NOT NULL", "CAST(event_id AS VARCHAR)"),
            new Column("event_type", "VARCHAR NOT NULL", "text NOT NULL", "event_type"),
            new Column("event_time", "TIMESTAMP NOT NULL", "timestamp NOT NULL", "event_time"),
            new Column("event_date", "DATE NOT NULL", "date NOT NULL", "CAST(event_time AS DATE)"),
            new Column("received_at", "TIMESTAMP NOT NULL", "timestamp NOT NULL", "received_at"),
            new Column("event_timestamp", "BIGINT", "bigint", "event_timestamp"),
            new Column("app", "VARCHAR NOT NULL", "text NOT NULL", "app"),
            new Column("app_version", "VARCHAR", "text", "app_version"),
            new Column("event_version", "VARCHAR", "text", "event_version"),
            new Column("client_id", "VARCHAR", "text", "client_id"),
            new Column("session_id", "VARCHAR", "text", "session_id"),
            new Column("level_id", "VARCHAR", "text", "level_id"),
            new Column("position_x", "DOUBLE", "double precision", "position_x"),
            new Column("position_y", "DOUBLE", "double precision", "position_y"),
            new Column("position_z", "DOUBLE", "double precision", "position_z"),
            new Column("trust", "VARCHAR", "text", "trust"),
            new Column("key_id", "VARCHAR", "text", "key_id"),
            new Column("attributes", "JSON", "jsonb", "attributes"));

    private EventColumns() {
    }

    /** {@code event_id, event_type, …} */
    public static String names() {
        return ALL.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** {@code prefix.event_id, prefix.event_type, …} */
    public static String names(String prefix) {
        return ALL.stream().map(c -> prefix + "." + c.name()).collect(Collectors.joining(", "));
    }

    /** The select list that turns decoded lake rows ({@link dev.questlog.lake.LakeEvents#decoded}) into events rows. */
    public static String selectFromParquet() {
        return ALL.stream().map(c -> c.fromParquet().equals(c.name()) ? c.name() : c.fromParquet() + " AS " + c.name())
                .collect(Collectors.joining(", "));
    }

    public static String duckdbDefinition() {
        return ALL.stream().map(c -> c.name() + " " + c.duckdbType()).collect(Collectors.joining(", "));
    }

    public static String postgresDefinition() {
        return ALL.stream().map(c -> c.name() + " " + c.postgresType()).collect(Collectors.joining(", "));
    }
}
