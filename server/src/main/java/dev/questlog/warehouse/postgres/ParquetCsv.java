package dev.questlog.warehouse.postgres;

import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns lake Parquet files into CSV for PostgreSQL's {@code COPY … FROM STDIN (FORMAT csv)}, read by a throwaway
 * in-memory DuckDB (multi-threaded Parquet decoding and CSV writing). NULL is written unquoted-empty and empty strings
 * as {@code ""}, which is exactly how PostgreSQL's CSV format tells them apart. Stateless, thread-safe.
 */
final class ParquetCsv {
    /** The columns in the CSV, in order: the events columns, then the log position used to break ties. */
    static final String COLUMNS = EventColumns.names() + ", log_partition, log_offset";

    private ParquetCsv() {
    }

    /** Writes the rows of {@code files} to a new temporary CSV file; the caller deletes it. */
    static Path toCsv(List<StagedFile> files) throws SQLException, IOException {
        Path csv = Files.createTempFile("questlog-load-", ".csv");
        String list = files.stream().map(f -> quote(f.localFile().toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT " + EventColumns.selectFromParquet() + ", log_partition, log_offset FROM read_parquet("
                    + list + ", union_by_name = true)) TO " + quote(csv.toString()) + " (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"', "
                    + "FORCE_QUOTE *, NULLSTR '')");
        } catch (SQLException | RuntimeException e) {
            Files.deleteIfExists(csv);
            throw e;
        }
        return csv;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
