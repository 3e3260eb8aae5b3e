package dev.questlog.warehouse;

import java.util.List;

/**
 * A query's answer, as served by {@code POST /v1/sql}: {@code {"columns":[…],"rows":[[…]]}}. Values are JSON-ready:
 * numbers, booleans, strings (timestamps as ISO-8601 text, dates as yyyy-mm-dd, JSON as its text) or null.
 *
 * @param columns column labels in select order
 * @param rows    each row's values in column order
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
            }
        }
    }
}
