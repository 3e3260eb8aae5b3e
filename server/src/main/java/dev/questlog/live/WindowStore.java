package dev.questlog.live;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * Where closed windows are persisted so that live history survives a restart. Lifecycle: open → append (many) →
 * close. Thread-safety: append from one thread; recent from any.
 */
public interface WindowStore extends AutoCloseable {

    /** Persists closed windows; returns once they are durable. */
    void append(List<WindowSnapshot> closed);

    /** The newest persisted windows, at most {@code perAppAndWindow} for each app and window size, oldest first. */
    List<WindowSnapshot> recent(int perAppAndWindow);

    @Override
    void close();

    /**
     * Newline-delimited JSON files, one per UTC day, under {@code dir} (normally {@code <data_dir>/live}); days older
     * than 30 days by {@code clock} are deleted.
     */
    static WindowStore files(Path dir, InstantSource clock) {
        return FileWindowStore.open(dir, clock);
    }
}
