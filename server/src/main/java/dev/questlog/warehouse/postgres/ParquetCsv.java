package dev.questlog.warehouse.postgres;

import dev.questlog.lake.LakeEvents;
import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.StagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns lake Parquet files into a CSV of the batch's distinct events for PostgreSQL's {@code COPY … FROM STDIN
 * (FORMAT csv)}, read by a throwaway in-memory DuckDB (multi-threaded Parquet decoding, in-batch dedupe and CSV
 * writing: PostgreSQL would do the dedupe on one core, after copying the duplicates too). Of the rows with the same
 * (app, event_id) only the earliest received_at is kept, ties broken by log position; rows are written in (app,
 * event_id) order, which for UUIDv7 ids is time order. NULL is written unquoted-empty and empty strings as
 * {@code ""}, which is exactly how PostgreSQL's CSV format tells them apart. Stateless, thread-safe.
 */
final class ParquetCsv {
    /** The columns in the CSV, in order. */
    static final String COLUMNS = EventColumns.names();

    /** A written CSV file and the number of rows the Parquet files held before the dedupe. */
    record Batch(Path csv, long rowsInFiles) {
    }

    private ParquetCsv() {
    }

    /** Writes the distinct events of {@code files} to a new temporary CSV file; the caller deletes it. */
    static Batch toCsv(List<StagedFile> files) throws SQLException, IOException {
        Path csv = Files.createTempFile("questlog-load-", ".csv");
        String list = files.stream().map(f -> quote(f.localFile().toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            long rows;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + list + ")")) {
                rs.next();
                rows = rs.getLong(1);
            }
            st.execute("COPY (SELECT " + COLUMNS + " FROM (SELECT " + EventColumns.selectFromParquet()
                    + ", log_partition, log_offset FROM (" + LakeEvents.decoded("read_parquet(" + list
                    + ", union_by_name = true)") + ")) QUALIFY row_number() OVER "
                    + "(PARTITION BY app, event_id ORDER BY received_at, log_partition, log_offset) = 1 "
                    + "ORDER BY app, event_id) TO " + quote(csv.toString()) + " (FORMAT csv, HEADER false, QUOTE '\"', "
                    + "ESCAPE '\"', FORCE_QUOTE *, NULLSTR '')");
            return new Batch(csv, rows);
        } catch (SQLException | RuntimeException e) {
            Files.deleteIfExists(csv);
            throw e;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
