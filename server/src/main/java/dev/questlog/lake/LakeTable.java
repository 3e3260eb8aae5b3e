package dev.questlog.lake;

import dev.questlog.log.ReadRecord;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * One kind of lake file: which stream feeds it, under which prefix its files go, how a record becomes a row, and
 * the row's columns in DuckDB (staging) and in Parquet. Implementations are stateless and thread-safe.
 *
 * @param <R> the row type
 */
interface LakeTable<R extends LakeRow> {
    /** The stream read, e.g. {@code events}. */
    String stream();

    /** The first segment of the object keys, e.g. {@code events}. */
    String prefix();

    /** Whether a pointer to each published file goes to stream {@code lake-files}. */
    boolean announced();

    /** Decodes one record; never throws (a record it cannot read becomes a row that keeps its bytes). */
    R decode(ReadRecord record);

    /** Whether a decoded row stands for an undecodable record (counted as failed). */
    boolean undecodable(R row);

    /** Input size of a row, for the batch size limit (the record's value length). */
    default long inputBytes(ReadRecord record) {
        return record.value().length;
    }

    /** Column definitions of the staging table, e.g. {@code (a VARCHAR, b BIGINT)}. */
    String stagingColumns();

    /** Appends one row to a staging table's appender (one beginRow … endRow). */
    void append(DuckDBAppender appender, R row) throws SQLException;

    /** Statements run once on the staging database before any table is written (e.g. macros), or empty. */
    default String setupSql() {
        return "";
    }

    /** The SELECT over staging table {@code table} that gives the Parquet columns in order, sorted for compression. */
    String parquetSelect(String table);
}
