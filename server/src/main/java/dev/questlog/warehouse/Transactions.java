package dev.questlog.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/** One JDBC transaction around a piece of work, as every engine's loader and compactor runs it. */
public final class Transactions {
    private Transactions() {
    }

    /** Work that runs inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} with auto-commit off and commits; on any failure rolls back (a failing rollback is added to
     * the cause as suppressed) and rethrows. Auto-commit is on again when this returns or throws. Not for connections
     * shared between threads while it runs.
     */
    public static <T> T inTransaction(Connection conn, Work<T> work) throws SQLException {
        conn.setAutoCommit(false);
        try {
            T result = work.run();
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }
}
