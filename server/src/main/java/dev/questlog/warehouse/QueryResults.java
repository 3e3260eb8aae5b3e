package dev.questlog.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@link QueryResult}s for the wire: the JSON of {@code POST /v1/sql}, or CSV with a header row. */
public final class QueryResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private QueryResults() {
    }

    /** {@code {"columns":[…],"rows":[[…]]}} as a map for a JSON encoder. */
    public static Map<String, Object> toJsonMap(QueryResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", r.columns());
        m.put("rows", r.rows());
        return m;
    }

    public static String toJson(QueryResult r) {
        try {
            return JSON.writeValueAsString(toJsonMap(r));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 CSV with a header row; nested values (lists) are written as their JSON text. */
    public static String toCsv(QueryResult r) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        r.columns().forEach(schema::addColumn);
        List<List<Object>> rows = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            List<Object> out = new ArrayList<>(row.size());
            for (Object v : row) {
                out.add(v instanceof List<?> ? jsonText(v) : v);
            }
            rows.add(out);
        }
        try {
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonText(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
