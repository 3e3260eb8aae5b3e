package dev.questlog.event;

/** How a request body holds its events; see {@link EventParser#parse(byte[], int, int, BodyFormat)}. */
public enum BodyFormat {
    /** Decide from the first non-blank byte: {@code [} an array, {@code {"events":[} an envelope, else NDJSON. */
    AUTO,
    /** A JSON array of events, an envelope {@code {"events":[…]}}, or one bare event object. */
    JSON,
    /** One event object per line (blank lines are skipped); a broken line is rejected alone. */
    NDJSON
}
