package dev.questlog.heatmap;

/** The few SQL spellings that differ between the warm engines the heatmap aggregates in. */
public enum Dialect {
    DUCKDB {
        @Override
        String attributeText(String param) {
            return "json_extract_string(attributes, " + param + ")";
        }

        @Override
        String attributePath(String name) {
            return "$.\"" + name + "\"";
        }

        @Override
        String timestampFromMillis(String param) {
            return "epoch_ms(CAST(" + param + " AS BIGINT))";
        }
    },
    POSTGRES {
        @Override
        String attributeText(String param) {
            return "(attributes ->> " + param + ")";
        }

        @Override
        String attributePath(String name) {
            return name;
        }

        @Override
        String timestampFromMillis(String param) {
            return "(to_timestamp(CAST(" + param + " AS BIGINT) / 1000.0) AT TIME ZONE 'UTC')";
        }
    };

    /** The text value of one attribute, the attribute's path being bound to {@code param}. */
    abstract String attributeText(String param);

    /** What to bind for {@link #attributeText}'s parameter to read the attribute {@code name}. */
    abstract String attributePath(String name);

    /** A timestamp expression from epoch milliseconds bound to {@code param}. */
    abstract String timestampFromMillis(String param);
}
