package dev.questlog.log.local;

import dev.questlog.config.LogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.EventLogContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The local log against the contract, with small segments so that rolling and the indexes are exercised. */
class LocalEventLogTest extends EventLogContract {
    @TempDir
    Path dir;

    static LogConfig smallSegments() {
        return new LogConfig("local", 4, "group", Duration.ofMillis(1), 1 << 20, 8 << 10, Duration.ofHours(1),
                Duration.ofDays(7), 0);
    }

    @Override
    protected EventLog open() {
        return LocalLog.open(smallSegments(), dir.resolve("log"), clock);
    }
}
