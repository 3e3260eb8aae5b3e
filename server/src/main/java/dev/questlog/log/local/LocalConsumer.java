package dev.questlog.log.local;

import dev.questlog.log.LogConsumer;
import dev.questlog.log.ReadRecord;
import dev.questlog.log.StartPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A group member over some partitions of a local stream. Positions start at the group's committed offsets, else at
 * the reset position (resolved when the consumer opens). Not thread-safe: one thread per consumer.
 */
final class LocalConsumer implements LogConsumer {
    private static final int WINDOW_BYTES = 1 << 20;

    private final LocalEventLog log;
    private final StreamLog stream;
    private final String group;
    private final List<Integer> assigned;
    private final Map<Integer, Long> positions = new TreeMap<>();
    private final Map<Integer, ReadCursor> cursors = new TreeMap<>();
    private int nextStart;
    private boolean closed;

    LocalConsumer(LocalEventLog log, StreamLog stream, String group, Set<Integer> partitions, StartPosition reset) {
        this.log = log;
        this.stream = stream;
        this.group = group;
        this.assigned = List.copyOf(new TreeSet<>(partitions));
        Map<Integer, Long> committed = stream.groups.committed(group);
        for (int p : assigned) {
            Long c = committed.get(p);
            positions.put(p, c != null ? c : log.resolve(stream, p, reset));
            cursors.put(p, new ReadCursor(stream.partitions[p], WINDOW_BYTES));
        }
    }

    @Override
    public Set<Integer> partitions() {
        return new TreeSet<>(assigned);
    }

    @Override
    public List<ReadRecord> poll(int maxRecords, Duration timeout) throws InterruptedException {
        checkOpen();
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = stream.signal.version();
            List<ReadRecord> out = readAvailable(maxRecords);
            long left = deadline - System.nanoTime();
            if (!out.isEmpty() || left <= 0 || assigned.isEmpty()) {
                return out;
            }
            stream.signal.await(seen, left);
        }
    }

    private List<ReadRecord> readAvailable(int max) {
        List<ReadRecord> out = new ArrayList<>();
        int n = assigned.size();
        for (int k = 0; k < n && out.size() < max; k++) {
            int p = assigned.get((nextStart + k) % n);
            long pos = positions.get(p);
            int added;
            try {
                added = cursors.get(p).read(pos, max - out.size(), out);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + stream.name + "/" + p + " at offset " + pos, e);
            }
            if (added > 0) {
                positions.put(p, out.get(out.size() - 1).offset() + 1);
            }
        }
        nextStart = n == 0 ? 0 : (nextStart + 1) % n;
        return out;
    }

    @Override
    public void seek(int partition, StartPosition position) {
        checkOpen();
        checkAssigned(partition);
        positions.put(partition, log.resolve(stream, partition, position));
    }

    @Override
    public Map<Integer, Long> positions() {
        return Collections.unmodifiableMap(new TreeMap<>(positions));
    }

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        checkOpen();
        nextOffsets.forEach((p, o) -> {
            checkAssigned(p);
            if (o == null || o < 0) {
                throw new IllegalArgumentException("committed offset of partition " + p + " must be >= 0, was " + o);
            }
        });
        try {
            stream.groups.commit(group, nextOffsets);
        } catch (IOException e) {
            throw new UncheckedIOException("committing group " + group + " of " + stream.name, e);
        }
    }

    private void checkAssigned(int partition) {
        if (!positions.containsKey(partition)) {
            throw new IllegalArgumentException("partition " + partition + " is not assigned to this consumer "
                    + assigned);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("consumer of group " + group + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        cursors.values().forEach(ReadCursor::close);
    }
}
