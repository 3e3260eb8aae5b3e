package dev.questlog.lake;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and repairs the lake's progress markers at start: the lake, not the consumer group, says where each
 * partition resumes. A marker with a pending cut is rolled forward when every file of the cut was published, and
 * rolled back (its published files deleted) otherwise, so no offset range is skipped and none ends up in two files.
 * Without any marker (a lake from elsewhere, or markers lost), the highest offset in the files' names is used.
 */
final class LakeProgress {
    private static final Logger LOG = LoggerFactory.getLogger(LakeProgress.class);
    private static final Pattern PART = Pattern.compile(".*/part-(\\d+)-(\\d+)-(\\d+)\\.parquet");

    private final ObjectStore store;
    private final String prefix;
    private Map<Integer, Long> fromListing;

    LakeProgress(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** The repaired marker of a partition, or empty when the lake knows nothing of it. Publishes repairs. */
    Optional<ProgressMarker> recover(int partition) throws IOException {
        String key = ProgressMarker.key(prefix, partition);
        Optional<byte[]> stored = store.read(key);
        if (stored.isEmpty()) {
            Long next = listing().get(partition);
            return Optional.ofNullable(next).map(n -> new ProgressMarker(partition, n, List.of(), null));
        }
        ProgressMarker marker = ProgressMarker.fromJson(stored.get());
        if (marker.pending() == null) {
            return Optional.of(marker);
        }
        ProgressMarker repaired = allPublished(marker.pending()) ? marker.complete() : rollBack(marker);
        store.publish(key, repaired.toJson());
        return Optional.of(repaired);
    }

    private boolean allPublished(ProgressMarker.Cut cut) throws IOException {
        for (LakeFile f : cut.files()) {
            if (!store.exists(f.path()) || store.size(f.path()) != f.bytes()) {
                return false;
            }
        }
        return true;
    }

    private ProgressMarker rollBack(ProgressMarker marker) throws IOException {
        LOG.info("lake {} partition {}: rolling back an unfinished cut at {} ({} files)", prefix, marker.partition(),
                marker.pending().nextOffset(), marker.pending().files().size());
        for (LakeFile f : marker.pending().files()) {
            store.delete(f.path());
        }
        return marker.rollBack();
    }

    /** Next offset per partition from the file names (highest last offset + 1); listed once, only if needed. */
    private Map<Integer, Long> listing() throws IOException {
        if (fromListing == null) {
            fromListing = new HashMap<>();
            for (StoredObject o : store.list(prefix + "/")) {
                Matcher m = PART.matcher(o.key());
                if (m.matches()) {
                    fromListing.merge(Integer.parseInt(m.group(1)), Long.parseLong(m.group(3)) + 1, Math::max);
                }
            }
        }
        return fromListing;
    }
}
