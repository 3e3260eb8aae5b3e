package dev.questlog.hot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.config.HotConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
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

    private LuceneHotIndex(HotConfig config, Path dir, InstantSource clock) {
        this.config = config;
        this.dir = dir;
        this.clock = clock;
        this.dropTypes = Set.copyOf(config.dropEventTypes());
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
                LOG.warn("hot: skipping an unreadable stored event: {}", e.getMessage());
                failed++;
                continue;
            }
            if (dropTypes.contains(p.eventType())) {
                dropped++;
            } else if (p.eventTime() < oldest) {
                expired++;
            } else {
                upsert(p);
                indexed++;
            }
        }
        return new IndexCounts(indexed, dropped, expired, failed);
    }

    private void upsert(HotDocuments.Parsed p) {
        LocalDate day = Instant.ofEpochMilli(p.eventTime()).atZone(ZoneOffset.UTC).toLocalDate();
        try {
            dayIndex(day).upsert(p.eventId(), HotDocuments.document(p));
        } catch (IOException e) {
            throw new UncheckedIOException("hot: cannot index into day " + day + ": " + e.getMessage(), e);
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
