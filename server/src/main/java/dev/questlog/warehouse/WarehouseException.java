package dev.questlog.warehouse;

/** The warehouse could not do its work (database unreachable, load failed); nothing partial is visible. */
public final class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
