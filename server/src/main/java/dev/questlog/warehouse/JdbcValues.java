package dev.questlog.warehouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Reads JDBC result sets into {@link QueryResult}s of JSON-ready values (shared by the engines). */
public final class JdbcValues {
    private JdbcValues() {
    }

    /**
     * Reads every row; fails when there are more than {@code maxRows}.
     *
     * @throws QueryException when the row limit is exceeded
     */
    public static QueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw new QueryException("the result has more than " + maxRows
                        + " rows (warehouse.sql.max_rows); add a LIMIT or aggregate");
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(value(rs, i, md.getColumnType(i)));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }

    private static Object value(ResultSet rs, int i, int sqlType) throws SQLException {
        Object v = switch (sqlType) {
            case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, OffsetDateTime.class);
            case Types.DATE -> rs.getObject(i, LocalDate.class);
            default -> rs.getObject(i);
        };
        return jsonReady(v);
    }

    private static Object jsonReady(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte
                || v instanceof BigDecimal || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t) + "Z";
        }
        if (v instanceof Array a) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) {
                out.add(jsonReady(o));
            }
            return out;
        }
        return v.toString();
    }
}
