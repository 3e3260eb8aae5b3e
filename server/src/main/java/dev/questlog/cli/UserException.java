package dev.questlog.cli;

/** A mistake of the user's that the CLI reports in one line, without a stack trace, exiting with code 2. */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }
}
