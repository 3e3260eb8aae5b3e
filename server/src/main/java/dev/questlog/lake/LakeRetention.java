package dev.questlog.lake;

import dev.questlog.config.LakeConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole date partitions ({@code <prefix>/app=<app>/date=<d>/…}) older than the app's retention
 * ({@code lake.retention_days}, overridden per app by {@code lake.retention_days_by_app}; 0 keeps forever). A
 * partition is expired when its date is before today (UTC, by the injected clock) minus the retention days.
 * Thread-safe if the store is.
 */
final class LakeRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LakeRetention.class);
    private static final Pattern PARTITION = Pattern.compile("[^/]+/app=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/.+");
    static final List<String> PREFIXES = List.of("events", "failed");

    private final LakeConfig config;
    private final ObjectStore store;
    private final InstantSource clock;

    LakeRetention(LakeConfig config, ObjectStore store, InstantSource clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /** Deletes every expired object now; returns how many objects were deleted. */
    int sweep() throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int deleted = 0;
        for (String prefix : PREFIXES) {
            for (StoredObject o : store.list(prefix + "/")) {
                if (expired(o.key(), today)) {
                    store.delete(o.key());
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.info("lake retention deleted {} files of date partitions past retention", deleted);
        }
        return deleted;
    }

    private boolean expired(String key, LocalDate today) {
        Matcher m = PARTITION.matcher(key);
        if (!m.matches()) {
            return false;
        }
        int days = config.retentionDaysFor(m.group(1));
        return days > 0 && LocalDate.parse(m.group(2)).isBefore(today.minusDays(days));
    }
}
