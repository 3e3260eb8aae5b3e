package dev.questlog.log;

/**
 * A reader asked for an offset that is no longer (or not yet) in the partition, e.g. because retention deleted it.
 * The reader stays usable: seek to {@link StartPosition#earliest()} to continue from the oldest retained record.
 */
public final class OffsetOutOfRangeException extends RuntimeException {
    private final String stream;
    private final int partition;
    private final long requested;
    private final long earliest;
    private final long end;

    public OffsetOutOfRangeException(String stream, int partition, long requested, long earliest, long end) {
        super("offset " + requested + " of " + stream + "/" + partition + " is out of range: retained offsets are ["
                + earliest + ", " + end + "); seek to earliest to continue from " + earliest);
        this.stream = stream;
        this.partition = partition;
        this.requested = requested;
        this.earliest = earliest;
        this.end = end;
    }

    public String stream() {
        return stream;
    }

    public int partition() {
        return partition;
    }

    public long requested() {
        return requested;
    }

    public long earliest() {
        return earliest;
    }

    public long end() {
        return end;
    }
}
