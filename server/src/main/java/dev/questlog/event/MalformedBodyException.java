package dev.questlog.event;

/**
 * The request body as a whole is unusable: not JSON, the wrong top-level shape, or truncated. A bad event inside a
 * well-formed body never causes this; it becomes an {@link Outcome.Invalid} instead.
 */
public final class MalformedBodyException extends RuntimeException {
    public MalformedBodyException(String reason) {
        super(reason, null, false, false);
    }

    /** The human-readable reason, suitable for the error JSON of a 400 answer. */
    public String reason() {
        return getMessage();
    }
}
