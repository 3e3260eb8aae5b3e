package dev.questlog.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Events sent together, as serialised JSON (without sent_at). A batch that is on disk may drop its bytes from
 * memory ({@link #unload()}) and read them back before the next attempt. Confined to the sender thread.
 */
final class Batch {
    private List<String> eventIds = new ArrayList<>();
    private List<byte[]> events = new ArrayList<>();
    private final int size;
    private long bytes;
    /** True for a batch found in the spool at start: it was tracked by an earlier run, not by this client. */
    final boolean fromEarlierRun;
    Path file;
    int attempts;
    long notBeforeNanos;

    private Batch(boolean fromEarlierRun, int size) {
        this.fromEarlierRun = fromEarlierRun;
        this.size = size;
    }

    /** A batch being filled by this run; {@link #add} until full. */
    static Builder open() {
        return new Builder();
    }

    /** A batch recovered from a spool file; its events are loaded on demand. */
    static Batch onDisk(Path file, int size, boolean fromEarlierRun) {
        Batch b = new Batch(fromEarlierRun, size);
        b.file = file;
        b.eventIds = null;
        b.events = null;
        return b;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    boolean loaded() {
        return events != null;
    }

    List<String> eventIds() {
        return eventIds;
    }

    List<byte[]> events() {
        return events;
    }

    void load(List<String> ids, List<byte[]> json) {
        this.eventIds = ids;
        this.events = json;
    }

    void unload() {
        if (file != null) {
            eventIds = null;
            events = null;
        }
    }

    /** Collects events for a new batch. */
    static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final List<byte[]> json = new ArrayList<>();
        private long bytes;

        void add(String eventId, byte[] eventJson) {
            ids.add(eventId);
            json.add(eventJson);
            bytes += eventJson.length + 1;
        }

        int size() {
            return ids.size();
        }

        long bytes() {
            return bytes;
        }

        Batch build() {
            Batch b = new Batch(false, ids.size());
            b.eventIds = ids;
            b.events = json;
            b.bytes = bytes;
            return b;
        }
    }
}
