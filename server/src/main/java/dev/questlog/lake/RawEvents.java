package dev.questlog.lake;

/**
 * How an {@code events} file gives back each event's original text. A file stores {@code raw} only when it cannot
 * be rebuilt byte for byte from the row's typed columns, {@code attributes} and {@code raw_layout}; otherwise
 * {@code raw} is NULL and {@code raw_layout} holds the order of the original fields, one character each:
 * <pre>
 *   i event_id   t event_type   T event_timestamp   v event_version   n app_name (= the app column)
 *   a app_version   c client_id   s session_id   l level_id   x y z position_x/y/z   S sent_at
 *   * the next attribute, in the order of the attributes object
 * </pre>
 * The original is {@code '{' + the fields joined by ',' + '}'}, each field written as {@code "name":value} in compact
 * JSON: strings as DuckDB's {@code to_json} writes them, numbers as DuckDB casts them to text, attributes as
 * DuckDB's JSON reader gives back their values. The writer checks every rebuilt text against the original with
 * this very SQL ({@link #createMacro}) and keeps {@code raw} whenever they differ (whitespace, {@code 1.50},
 * {@code \u00e9}, upper-case ids, …), so a NULL {@code raw} always means "rebuilt exactly". A row the macro
 * fails on (e.g. JSON nested deeper than DuckDB reads) rebuilds to NULL, so its {@code raw} is kept too.
 *
 * <p>Readers use {@link #original()} (e.g. the {@code events} view of {@code questlog sql --lake}). Stateless.
 */
public final class RawEvents {
    /** The name of the DuckDB macro that rebuilds an event's text. */
    public static final String MACRO = "questlog_raw";
    /** Layout characters of the envelope fields; an attribute is {@code *}. Position k is list element k + 1. */
    static final String ENVELOPE_CODES = "itTvnacslxyzS";
    private static final String COLUMNS = "event_id, event_type, event_timestamp, event_version, app, app_version,"
            + " client_id, session_id, level_id, position_x, position_y, position_z, sent_at, attributes";

    private RawEvents() {
    }

    /**
     * The {@code CREATE MACRO} statement (DuckDB) that defines {@code questlog_raw(raw_layout, <columns>)}.
     *
     * @param temporary whether to create it as a {@code TEMP} macro (for read-only sessions)
     */
    public static String createMacro(boolean temporary) {
        return "CREATE OR REPLACE " + (temporary ? "TEMP " : "") + "MACRO " + MACRO + "(layout, " + COLUMNS + ") AS"
                + " try(CASE WHEN layout IS NOT NULL THEN '{' || array_to_string(list_select(["
                + "'\"event_id\":' || to_json(CAST(event_id AS VARCHAR)),"
                + " '\"event_type\":' || to_json(event_type),"
                + " '\"event_timestamp\":' || CAST(event_timestamp AS VARCHAR),"
                + " '\"event_version\":' || to_json(event_version),"
                + " '\"app_name\":' || to_json(app),"
                + " '\"app_version\":' || to_json(app_version),"
                + " '\"client_id\":' || to_json(client_id),"
                + " '\"session_id\":' || to_json(session_id),"
                + " '\"level_id\":' || to_json(level_id),"
                + " '\"position_x\":' || CAST(position_x AS VARCHAR),"
                + " '\"position_y\":' || CAST(position_y AS VARCHAR),"
                + " '\"position_z\":' || CAST(position_z AS VARCHAR),"
                + " '\"sent_at\":' || CAST(sent_at AS VARCHAR)]"
                + " || list_transform(map_entries(CAST(CAST(attributes AS JSON) AS MAP(VARCHAR, JSON))),"
                + " lambda f: to_json(f.key) || ':' || CAST(f.value AS VARCHAR)),"
                + " list_transform(string_split(layout, ''), lambda c, k: CASE WHEN c = '*'"
                + " THEN " + ENVELOPE_CODES.length() + " + k - length(replace(substr(layout, 1, k), '*', ''))"
                + " ELSE strpos('" + ENVELOPE_CODES + "', c) END)), ',') || '}' END)";
    }

    /** The rebuilt text of a lake row, or NULL when its layout is NULL: {@code questlog_raw(raw_layout, …)}. */
    public static String rebuilt() {
        return MACRO + "(raw_layout, " + COLUMNS + ")";
    }

    /** The original event text of a lake row, whichever way the file holds it (needs {@link #createMacro}). */
    public static String original() {
        return "coalesce(raw, " + rebuilt() + ")";
    }
}
