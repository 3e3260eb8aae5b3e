package dev.questlog.log.local;

import dev.questlog.log.LogReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a log directory without opening the log: no lock, no recovery, no writes, so it works next to a running
 * server. It scans only the tail of each partition's newest segment (from its last index entry).
 */
final class LogInspector {
    private LogInspector() {
    }

    static LogReport inspect(Path dir) throws IOException {
        List<LogReport.Stream> streams = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> dirs;
            try (Stream<Path> list = Files.list(dir)) {
                dirs = list.filter(d -> Files.exists(d.resolve(StreamLog.META))).sorted().toList();
            }
            for (Path d : dirs) {
                streams.add(stream(d));
            }
        }
        return new LogReport(dir.toAbsolutePath().normalize().toString(), streams, journal(dir));
    }

    private static LogReport.Journal journal(Path dir) throws IOException {
        Path jdir = dir.resolve(LocalEventLog.JOURNAL_DIR);
        List<Path> files = JournalFiles.list(jdir, JournalFormat.SUFFIX);
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (NoSuchFileException e) {
                // retired by the running server's checkpoint since the listing
            }
        }
        return new LogReport.Journal(files.size(), bytes, JournalFiles.list(jdir, JournalFormat.SPARE_SUFFIX).size());
    }

    private static LogReport.Stream stream(Path dir) throws IOException {
        int n = StreamLog.readPartitions(dir);
        List<LogReport.Partition> partitions = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            partitions.add(partition(dir.resolve(Integer.toString(p)), p));
        }
        List<LogReport.Group> groups = new ArrayList<>();
        Path gdir = dir.resolve("groups");
        if (Files.isDirectory(gdir)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(gdir)) {
                files = list.filter(f -> f.toString().endsWith(".offsets")).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString().replace(".offsets", "");
                Map<Integer, Long> committed = GroupStore.read(f);
                Map<Integer, Long> lag = new TreeMap<>();
                long total = 0;
                for (LogReport.Partition part : partitions) {
                    long from = committed.getOrDefault(part.partition(), part.startOffset());
                    long l = Math.max(0, part.endOffset() - from);
                    lag.put(part.partition(), l);
                    total += l;
                }
                groups.add(new LogReport.Group(name, committed, lag, total));
            }
        }
        return new LogReport.Stream(dir.getFileName().toString(), partitions, groups);
    }

    private static LogReport.Partition partition(Path dir, int p) throws IOException {
        List<Long> bases = PartitionRecovery.segmentBases(dir);
        if (bases.isEmpty()) {
            return new LogReport.Partition(p, 0, 0, 0, 0, null, null, null);
        }
        long bytes = 0;
        for (long b : bases) {
            bytes += Files.size(dir.resolve(Segment.fileName(b) + ".log"));
        }
        Long oldest = null;
        Long newest = null;
        long end = bases.getLast();
        String problem = null;
        for (int i = bases.size() - 1; i >= 0; i--) {
            Segment s = new Segment(dir, bases.get(i), 1 << 30);
            try (FileChannel ch = FileChannel.open(s.logFile, StandardOpenOption.READ)) {
                long size = ch.size();
                boolean indexed = s.index.load(s.offsetIndexFile, s.timeIndexFile, size);
                long from = indexed ? s.index.lastPosition() : 0;
                long fromOffset = indexed ? s.baseOffset + s.index.lastRelOffset() : s.baseOffset;
                SegmentScanner.Result r = new SegmentScanner(ch, size).scan(from, fromOffset, s.baseOffset,
                        Long.MIN_VALUE, null);
                if (i == bases.size() - 1) {
                    end = r.endOffset();
                    if (r.problem() != null) {
                        problem = s.logFile.getFileName() + " byte " + r.problem().position() + ": "
                                + r.problem().reason() + " (" + (size - r.problem().position())
                                + " bytes; recovery truncates a torn tail or reports damage)";
                    }
                }
                if (r.endOffset() > s.baseOffset) {
                    newest = r.lastTimestamp();
                    break;
                }
            }
        }
        Segment first = new Segment(dir, bases.getFirst(), 1 << 30);
        try (FileChannel ch = FileChannel.open(first.logFile, StandardOpenOption.READ)) {
            if (ch.size() >= BatchCodec.HEADER_SIZE) {
                ByteBuffer h = ByteBuffer.allocate(BatchCodec.HEADER_SIZE);
                ch.read(h, 0);
                oldest = h.getLong(BatchCodec.FIRST_TS_AT);
            }
        }
        return new LogReport.Partition(p, bases.getFirst(), end, bases.size(), bytes, newest == null ? null : oldest,
                newest, problem);
    }
}
