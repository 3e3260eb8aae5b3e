package dev.questlog.lake;

import java.util.List;

/**
 * How an {@code events} file gives back each event's original text. A file stores {@code raw} only when it cannot
 * be rebuilt byte for byte from the row's typed columns, {@code attributes} and {@code raw_layout}; otherwise
 * {@code raw} is NULL and {@code raw_layout} holds a template of the original: its text with each envelope value
 * replaced by that field's placeholder character and each run of consecutive attributes by a run placeholder,
 * followed, for each run after the first, by {@code U+001F} and the run's first attribute name in quotes:
 * <pre>
 *   U+0001 event_id  U+0002 event_type  U+0003 event_timestamp  U+0004 event_version  U+0005 app_name (= app)
 *   U+0006 app_version  U+0007 client_id  U+0008 session_id  U+000B level_id  U+000C position_x
 *   U+000E position_y  U+000F position_z  U+0010 sent_at;  U+0011 U+0012 U+0013 attribute runs 1 to 3
 * </pre>
 * (control characters cannot occur unescaped in JSON text, so they never clash with it). The rebuild puts back
 * strings as DuckDB's {@code to_json} writes them, numbers as DuckDB casts them to text, a NULL as {@code null},
 * and each attribute run as its slice of the {@code attributes} text. Templates repeat from event to event of one
 * kind, so Parquet's dictionary stores them almost for free.
 *
 * <p>The writer checks every rebuilt text against the original with this very SQL ({@link #createMacro}) and keeps
 * {@code raw} (dropping {@code raw_layout}) whenever they differ in any byte (a position spelled {@code 1.50}, an
 * escape in an envelope string, an upper-case id, more than {@link #MAX_RUNS} attribute runs, …), so a NULL
 * {@code raw} always means "rebuilt exactly". A row the macro fails on rebuilds to NULL, so its {@code raw} is kept
 * too. Readers use {@link #original()} (e.g. the {@code events} view of {@code questlog sql --lake}). Stateless.
 */
public final class RawEvents {
    /** The name of the DuckDB macro that rebuilds an event's text. */
    public static final String MACRO = "questlog_raw";
    static final int MAX_RUNS = 3;
    static final char SEPARATOR = '\u001f';
    /** Placeholder of envelope field k (order of {@link #ENVELOPE}); tab, newline and CR are left out. */
    static final String ENVELOPE_PLACEHOLDERS = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e"
            + "\u000f\u0010";
    private static final List<String> ENVELOPE = List.of("event_id", "event_type", "event_timestamp",
            "event_version", "app_name", "app_version", "client_id", "session_id", "level_id", "position_x",
            "position_y", "position_z", "sent_at");
    /** How the rebuild writes each envelope field back, from the row's columns. */
    private static final List<String> ENVELOPE_SQL = List.of("to_json(CAST(event_id AS VARCHAR))",
            "to_json(event_type)", "CAST(event_timestamp AS VARCHAR)", "to_json(event_version)", "to_json(app)",
            "to_json(app_version)", "to_json(client_id)", "to_json(session_id)", "to_json(level_id)",
            "CAST(position_x AS VARCHAR)", "CAST(position_y AS VARCHAR)", "CAST(position_z AS VARCHAR)",
            "CAST(sent_at AS VARCHAR)");
    private static final String COLUMNS = "event_id, event_type, event_timestamp, event_version, app, app_version,"
            + " client_id, session_id, level_id, position_x, position_y, position_z, sent_at, attributes";

    private RawEvents() {
    }

    /** The index of an envelope field in the placeholder table, or -1 for an attribute. */
    static int envelopeIndex(String field) {
        return ENVELOPE.indexOf(field);
    }

    /** The placeholder of attribute run {@code run} (1-based, at most {@link #MAX_RUNS}). */
    static char runPlaceholder(int run) {
        return (char) (0x10 + Math.min(run, MAX_RUNS));
    }

    /**
     * The {@code CREATE MACRO} statements (DuckDB, separated by {@code ;}) that define
     * {@code questlog_raw(raw_layout, <columns>)}. Plain string functions only: it runs for every row written.
     *
     * @param temporary whether to create them as {@code TEMP} macros (for read-only sessions)
     */
    public static String createMacro(boolean temporary) {
        String create = "CREATE OR REPLACE " + (temporary ? "TEMP " : "") + "MACRO ";
        String text = "split_part(layout, chr(31), 1)";
        for (int k = 0; k < ENVELOPE.size(); k++) {
            text = "replace(" + text + ", chr(" + (int) ENVELOPE_PLACEHOLDERS.charAt(k) + "), coalesce("
                    + ENVELOPE_SQL.get(k) + ", 'null'))";
        }
        // Runs: the attributes text without its braces, cut before ',"<first name of the next run>":'.
        String inner = "substr(attributes, 2, length(attributes) - 2)";
        String cut2 = "strpos(" + inner + ", ',' || split_part(layout, chr(31), 2) || ':')";
        String rest = "substr(" + inner + ", " + cut2 + " + 1)";
        String cut3 = "strpos(" + rest + ", ',' || split_part(layout, chr(31), 3) || ':')";
        String run1 = "CASE WHEN split_part(layout, chr(31), 2) = '' THEN " + inner + " ELSE substr(" + inner
                + ", 1, " + cut2 + " - 1) END";
        String run2 = "CASE WHEN split_part(layout, chr(31), 3) = '' THEN " + rest + " ELSE substr(" + rest + ", 1, "
                + cut3 + " - 1) END";
        String run3 = "substr(" + rest + ", " + cut3 + " + 1)";
        text = "replace(replace(replace(" + text + ", chr(17), " + run1 + "), chr(18), " + run2 + "), chr(19), "
                + run3 + ")";
        return create + MACRO + "(layout, " + COLUMNS + ") AS try(CASE WHEN layout IS NOT NULL THEN " + text
                + " END)";
    }

    /** The rebuilt text of a lake row, or NULL when its layout is NULL: {@code questlog_raw(raw_layout, …)}. */
    public static String rebuilt() {
        return MACRO + "(raw_layout, " + COLUMNS + ")";
    }

    /**
     * The original event text of a lake row, whichever way the file holds it (needs {@link #createMacro}), over rows
     * with the true event_id and event_time ({@link LakeEvents#decoded}), not the stored, possibly NULL, columns.
     */
    public static String original() {
        return "coalesce(raw, " + rebuilt() + ")";
    }
}
