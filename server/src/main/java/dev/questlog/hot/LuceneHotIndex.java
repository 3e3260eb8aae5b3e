package dev.questlog.hot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.config.HotConfig;
import dev.questlog.metrics.ThrottledLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HotIndex} on Lucene: one {@link DayIndex} per UTC day of event time under {@code <dir>/<yyyy-mm-dd>}.
 * Searches span the days overlapping their time range through one multi-reader. A read-write lock keeps retention
 * from closing a day while a search or refresh uses it.
 */
final class LuceneHotIndex implements HotIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneHotIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HotConfig config;
    private final Path dir;
    private final InstantSource clock;
    private final Set<String> dropTypes;
    private final ConcurrentSkipListMap<LocalDate, DayIndex> days = new ConcurrentSkipListMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ThrottledLog skipped;

    private LuceneHotIndex(HotConfig config, Path dir, InstantSource clock) {
        this.config = config;
        this.dir = dir;
        this.clock = clock;
        this.dropTypes = Set.copyOf(config.dropEventTypes());
        this.skipped = new ThrottledLog(LOG, Duration.ofSeconds(10), clock);
    }

    static LuceneHotIndex open(HotConfig config, Path dir, InstantSource clock) throws IOException {
        Files.createDirectories(dir);
        LuceneHotIndex index = new LuceneHotIndex(config, dir, clock);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                LocalDate day = parseDay(child.getFileName().toString());
                if (day != null) {
                    index.days.put(day, DayIndex.open(day, child, config.ramBufferBytes()));
                }
            }
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    private static LocalDate parseDay(String name) {
        try {
            return LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public IndexCounts index(List<byte[]> storedEvents) {
        long indexed = 0;
        long dropped = 0;
        long expired = 0;
        long failed = 0;
        long oldest = clock.millis() - config.retention().toMillis();
        for (byte[] raw : storedEvents) {
            HotDocuments.Parsed p;
            try {
                p = HotDocuments.parse(raw);
            } catch (IllegalArgumentException e) {
                skipped.warn("hot: skipping an unreadable stored event: {}", e.getMessage());
                failed++;
                continue;
            }
            if (dropTypes.contains(p.eventType())) {
                dropped++;
            } else if (p.eventTime() < oldest) {
                expired++;
            } else if (upsert(p)) {
                indexed++;
            } else {
                failed++;
            }
        }
        return new IndexCounts(indexed, dropped, expired, failed);
    }

    /**
     * Indexes one event: true when done, false when this event cannot be indexed (skipped and logged); throws when
     * the index itself failed. Lucene tells the two apart: a document it refuses leaves the writer open, a failure
     * of the index (disk full, I/O error) closes it.
     */
    private boolean upsert(HotDocuments.Parsed p) {
        LocalDate day;
        Document doc;
        try {
            day = utcDay(p.eventTime());
            doc = HotDocuments.document(p);
        } catch (RuntimeException e) {
            skipped.warn("hot: skipping stored event {}: cannot make a document of it: {}", p.eventId(), e.toString());
            return false;
        }
        DayIndex d;
        try {
            d = dayIndex(day);
            d.upsert(p.eventId(), doc);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("hot: cannot index into day " + day + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            DayIndex current = days.get(day);
            if (current == null || !current.writable()) {
                throw new UncheckedIOException("hot: the index of day " + day + " failed: " + e, new IOException(e));
            }
            skipped.warn("hot: skipping stored event {}: the index refused it: {}", p.eventId(), e.toString());
            return false;
        }
    }

    private DayIndex dayIndex(LocalDate day) throws IOException {
        DayIndex existing = days.get(day);
        if (existing != null) {
            return existing;
        }
        DayIndex created = DayIndex.open(day, dir.resolve(day.toString()), config.ramBufferBytes());
        days.put(day, created);
        return created;
    }

    @Override
    public void refresh() {
        lock.readLock().lock();
        try {
            for (DayIndex d : days.values()) {
                d.refresh();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hot: refresh failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit() {
        try {
            for (DayIndex d : days.values()) {
                d.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hot: commit failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void recover() {
        for (Map.Entry<LocalDate, DayIndex> e : days.entrySet()) {
            if (e.getValue().writable()) {
                continue;
            }
            lock.writeLock().lock(); // no search or refresh may hold the day being replaced
            try {
                days.put(e.getKey(), e.getValue().reopen(config.ramBufferBytes()));
                LOG.warn("hot: reopened the index of {} after a failure, from its last commit", e.getKey());
            } catch (IOException ex) {
                throw new UncheckedIOException("hot: cannot reopen the index of " + e.getKey() + ": "
                        + ex.getMessage(), ex);
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @Override
    public List<LocalDate> enforceRetention() {
        Instant cutoff = clock.instant().minus(config.retention());
        List<LocalDate> deleted = new ArrayList<>();
        for (LocalDate day : List.copyOf(days.keySet())) {
            if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                lock.writeLock().lock();
                try {
                    days.remove(day).closeAndDelete();
                    deleted.add(day);
                    LOG.info("hot: deleted day index {} (retention {})", day, config.retention());
                } catch (IOException e) {
                    LOG.warn("hot: could not delete day index {}: {}", day, e.getMessage());
                } finally {
                    lock.writeLock().unlock();
                }
            }
        }
        return deleted;
    }

    /** The open index of one day, or null; for tests that break it the way a failure does. */
    DayIndex day(LocalDate day) {
        return days.get(day);
    }

    @Override
    public List<LocalDate> days() {
        return List.copyOf(days.keySet());
    }

    @Override
    public SearchResult search(SearchRequest request) {
        lock.readLock().lock();
        try {
            return HotSearch.run(request, overlapping(request));
        } catch (IOException e) {
            throw new UncheckedIOException("hot: search failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<DayIndex> overlapping(SearchRequest r) {
        LocalDate from = r.fromMillis() == null ? LocalDate.MIN : utcDay(r.fromMillis());
        LocalDate to = r.toMillis() == null ? LocalDate.MAX : utcDay(r.toMillis());
        return List.copyOf(days.subMap(from, true, to, true).values());
    }

    private static LocalDate utcDay(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    static JsonNode parseSource(byte[] source) {
        try {
            return JSON.readTree(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            for (DayIndex d : days.values()) {
                try {
                    d.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("hot: closing day index {} failed: {}", d.day(), e.getMessage());
                }
            }
            days.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
