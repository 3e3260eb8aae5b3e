package dev.questlog.lake;

import dev.questlog.log.Appended;
import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import dev.questlog.log.OffsetOutOfRangeException;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory {@link EventLog} for the lake's unit tests (our own interface, not a stand-in for a server): the
 * lake's integration with the real local log is covered once that log exists. Synchronized, so one writer and one
 * consumer thread may use it at once.
 */
final class MemoryLog implements EventLog {
    private final int partitions;
    private final Map<String, List<List<ReadRecord>>> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> commits = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();

    MemoryLog(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public synchronized int ensureStream(String stream) {
        streams.computeIfAbsent(stream, s -> {
            List<List<ReadRecord>> ps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                ps.add(new ArrayList<>());
            }
            return ps;
        });
        return partitions;
    }

    @Override
    public Set<String> streams() {
        return Set.copyOf(streams.keySet());
    }

    @Override
    public int partitions(String stream) {
        return partitions;
    }

    @Override
    public synchronized CompletableFuture<List<Appended>> append(String stream, List<LogRecord> records) {
        ensureStream(stream);
        List<Appended> out = new ArrayList<>();
        for (LogRecord r : records) {
            int p = partitionFor(stream, r.key());
            List<ReadRecord> part = streams.get(stream).get(p);
            long offset = part.size();
            part.add(new ReadRecord(p, offset, System.currentTimeMillis(), r.key(), r.value(), r.headers()));
            out.add(new Appended(p, offset, 0));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public int partitionFor(String stream, byte[] key) {
        return key.length == 0 ? Math.floorMod(roundRobin.getAndIncrement(), partitions)
                : Math.floorMod(Arrays.hashCode(key), partitions);
    }

    @Override
    public long startOffset(String stream, int partition) {
        return 0;
    }

    @Override
    public synchronized long endOffset(String stream, int partition) {
        return streams.containsKey(stream) ? streams.get(stream).get(partition).size() : 0;
    }

    @Override
    public long offsetForTimestamp(String stream, int partition, long timestampMillis) {
        throw new UnsupportedOperationException("not needed by the lake");
    }

    /** Every record of a stream, partition by partition. */
    synchronized List<ReadRecord> all(String stream) {
        ensureStream(stream);
        return streams.get(stream).stream().flatMap(List::stream).toList();
    }

    @Override
    public LogConsumer consumer(String stream, String group, Set<Integer> assigned, StartPosition reset) {
        ensureStream(stream);
        Map<Integer, Long> positions = new TreeMap<>();
        Map<Integer, Long> committed = committed(stream, group);
        for (int p : assigned) {
            positions.put(p, committed.getOrDefault(p, 0L));
        }
        return new LogConsumer() {
            @Override
            public Set<Integer> partitions() {
                return Set.copyOf(assigned);
            }

            @Override
            public List<ReadRecord> poll(int maxRecords, Duration timeout) {
                List<ReadRecord> out = new ArrayList<>();
                synchronized (MemoryLog.this) {
                    for (int p : assigned) {
                        List<ReadRecord> part = streams.get(stream).get(p);
                        long pos = positions.get(p);
                        if (pos > part.size()) {
                            throw new OffsetOutOfRangeException(stream, p, pos, 0, part.size());
                        }
                        while (pos < part.size() && out.size() < maxRecords) {
                            out.add(part.get((int) pos++));
                        }
                        positions.put(p, pos);
                    }
                }
                return out;
            }

            @Override
            public void seek(int partition, StartPosition position) {
                long to = switch (position) {
                    case StartPosition.Earliest e -> 0;
                    case StartPosition.Latest l -> endOffset(stream, partition);
                    case StartPosition.AtOffset o -> o.offset();
                    case StartPosition.AtTimestamp t -> throw new UnsupportedOperationException();
                };
                positions.put(partition, to);
            }

            @Override
            public Map<Integer, Long> positions() {
                return Map.copyOf(positions);
            }

            @Override
            public void commit(Map<Integer, Long> nextOffsets) {
                commits.computeIfAbsent(stream + "\u0000" + group, k -> new ConcurrentHashMap<>()).putAll(nextOffsets);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Map<Integer, Long> committed(String stream, String group) {
        return new HashMap<>(commits.getOrDefault(stream + "\u0000" + group, Map.of()));
    }

    @Override
    public Set<String> groups(String stream) {
        return Set.of();
    }

    @Override
    public void enforceRetention() {
    }

    @Override
    public void close(Duration timeout) {
    }
}
