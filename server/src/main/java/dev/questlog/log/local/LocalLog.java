package dev.questlog.log.local;

import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Factory of QuestLog's own on-disk log. Layout under the directory (the app passes {@code <data_dir>/log}):
 * <pre>
 * .lock                       held while a process has the log open
 * .clean-shutdown             present only between a clean close and the next open
 * &lt;stream&gt;/stream.properties  partitions=N, fixed at creation
 * &lt;stream&gt;/&lt;partition&gt;/&lt;20-digit base offset&gt;.log|.index|.timeindex
 * &lt;stream&gt;/groups/&lt;group&gt;.offsets
 * </pre>
 * See {@code docs/log-format.md} for the batch format and the recovery rules.
 */
public final class LocalLog {
    private LocalLog() {
    }

    /**
     * Opens (recovering after a crash) or creates the log in {@code dir}.
     *
     * @param clock stamps appended records and drives age-based roll and retention
     * @throws dev.questlog.log.CorruptLogException when a segment holds damaged data that is not a torn tail
     * @throws IllegalStateException when another process (or this one) has the directory open
     */
    public static EventLog open(LogConfig config, Path dir, InstantSource clock) {
        return open(config, dir, clock, Metrics.globalRegistry);
    }

    /**
     * Like {@link #open(LogConfig, Path, InstantSource)}, reporting to {@code registry}: per stream, records and bytes
     * written, records failed, fsync duration and appends per group commit ({@code questlog.log.*}).
     */
    public static EventLog open(LogConfig config, Path dir, InstantSource clock, MeterRegistry registry) {
        try {
            return LocalEventLog.open(LogSettings.of(config), dir, clock, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log in " + dir, e);
        }
    }

    /**
     * Describes the log in {@code dir} without opening it (no lock, no recovery, no writes): safe next to a running
     * server; offsets and lag are as of the last completed writes.
     */
    public static LogReport inspect(Path dir) {
        try {
            return LogInspector.inspect(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect the log in " + dir, e);
        }
    }
}
