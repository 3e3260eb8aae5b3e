package dev.questlog.lake;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Null-aware chaining over a DuckDB appender row, so a table's append method reads as its column list. */
final class Appends {
    private final DuckDBAppender a;

    private Appends(DuckDBAppender a) {
        this.a = a;
    }

    static Appends text(DuckDBAppender a, String v) throws SQLException {
        return new Appends(a).text(v);
    }

    Appends text(String v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v);
        }
        return this;
    }

    Appends int64(Long v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.longValue());
        }
        return this;
    }

    Appends int64(long v) throws SQLException {
        a.append(v);
        return this;
    }

    Appends int32(Integer v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.intValue());
        }
        return this;
    }

    Appends float64(Double v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v.doubleValue());
        }
        return this;
    }
}
