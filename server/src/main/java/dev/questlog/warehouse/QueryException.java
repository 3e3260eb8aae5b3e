package dev.questlog.warehouse;

/** A query that was refused (not read-only, outside the app's scope), invalid, too large or too slow: the caller's fault. */
public final class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message);
    }

    public QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
