package dev.questlog.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Stages rows in an in-memory DuckDB (off the Java heap; DuckDB spills to {@code workDir} when short of memory) and
 * writes them out as zstd Parquet with DuckDB's own writer. One staging table per open batch. Not thread-safe: one
 * per lake sink thread.
 */
final class ParquetStaging implements AutoCloseable {
    private final DuckDBConnection db;
    private final int zstdLevel;
    private long tables;

    private ParquetStaging(DuckDBConnection db, int zstdLevel) {
        this.db = db;
        this.zstdLevel = zstdLevel;
    }

    /** Opens an in-memory DuckDB spilling to {@code workDir} and runs {@code setupSql} (may be empty) on it. */
    static ParquetStaging open(Path workDir, int zstdLevel, String setupSql) throws IOException {
        Files.createDirectories(workDir);
        try (var stale = Files.newDirectoryStream(workDir, "*.parquet")) {
            for (Path p : stale) {
                Files.deleteIfExists(p); // written by an incarnation that died before publishing them
            }
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:", new Properties());
            try (Statement s = c.createStatement()) {
                s.execute("SET temp_directory = '" + sqlString(workDir.resolve("duckdb-spill").toString()) + "'");
                if (!setupSql.isEmpty()) {
                    s.execute(setupSql);
                }
            }
            return new ParquetStaging(c.unwrap(DuckDBConnection.class), zstdLevel);
        } catch (SQLException e) {
            throw new IOException("cannot start the in-memory DuckDB that writes Parquet", e);
        }
    }

    /** Creates an empty staging table with the table kind's columns; returns its name and appender. */
    Staged create(LakeTable<?> kind) throws SQLException {
        String name = "staged_" + (++tables);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + name + " " + kind.stagingColumns());
        }
        return new Staged(name, db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, name));
    }

    /** Writes a staged table, sorted, to a Parquet file (replacing it), drops the table and returns the file size. */
    long writeParquet(Staged staged, LakeTable<?> kind, Path file) throws SQLException, IOException {
        staged.appender().close();
        Files.deleteIfExists(file);
        try (Statement s = db.createStatement()) {
            s.execute("COPY (" + kind.parquetSelect(staged.table()) + ") TO '" + sqlString(file.toString())
                    + "' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL " + zstdLevel + ")");
        }
        drop(staged);
        return Files.size(file);
    }

    /** Drops a staged table without writing it. */
    void drop(Staged staged) throws SQLException {
        if (!staged.appender().isClosed()) {
            staged.appender().close();
        }
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + staged.table());
        }
    }

    private static String sqlString(String s) {
        return s.replace("'", "''");
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    /** A staging table and the appender that fills it. */
    record Staged(String table, DuckDBAppender appender) {
    }
}
