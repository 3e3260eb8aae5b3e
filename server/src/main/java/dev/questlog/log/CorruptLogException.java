package dev.questlog.log;

import java.nio.file.Path;

/**
 * The log found bytes that fail their checksum or structure where valid data must be (not a torn tail left by a
 * crash, which recovery truncates). Nothing past the damage is returned as data; an operator has to look at the file.
 */
public final class CorruptLogException extends RuntimeException {
    private final Path file;
    private final long position;

    public CorruptLogException(Path file, long position, String reason) {
        super("corrupt log data in " + file + " at byte " + position + ": " + reason);
        this.file = file;
        this.position = position;
    }

    /** The segment file holding the damage. */
    public Path file() {
        return file;
    }

    /** Byte position of the damaged batch in {@link #file()}. */
    public long position() {
        return position;
    }
}
