package dev.questlog.log.local;

import dev.questlog.log.CorruptLogException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a partition directory to a consistent state at open.
 *
 * <p>Rules: segments must be contiguous in offsets. A segment whose index files are present and sane is trusted up
 * to its last index entry and scanned (CRC-checked) from there to the end; otherwise, and always for the last
 * segment after an unclean shutdown, the whole segment is scanned and its indexes rebuilt. A bad batch (length, CRC,
 * offset or timestamp) at the end of the last segment is a torn write: it and everything after it are truncated,
 * with a warning. A bad batch followed by any valid batch, or in a segment that is not the last (those were forced
 * at roll), is damage: open fails with {@link CorruptLogException} naming the file and position.
 *
 * <p>With a journal (fsync {@code group}), segments are forced only at checkpoints, so after a power loss anything
 * from the journal's first batch of the partition ({@code coveredFrom}) on may be torn, missing or holed, in any
 * segment. There the rules are: such segments are always scanned in full; the first bad batch or missing segment at
 * an offset the journal covers cuts the partition there (later segments are deleted) and the journal's replay
 * rewrites the rest. Below {@code coveredFrom} the rules above hold unchanged.
 */
final class PartitionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.log");

    private PartitionRecovery() {
    }

    /** Lists the base offsets of the segment files in {@code dir}, sorted. */
    static List<Long> segmentBases(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return bases;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    bases.add(Long.parseLong(m.group(1)));
                }
            });
        }
        bases.sort(null);
        return bases;
    }

    /**
     * Recovers (or creates) the segments of one partition; the last one is the active segment. {@code coveredFrom}
     * is the first offset the journal holds for it ({@link Long#MAX_VALUE} for none).
     */
    static Segment[] recover(Path dir, LogSettings settings, boolean cleanShutdown, long coveredFrom)
            throws IOException {
        Files.createDirectories(dir);
        deleteOrphans(dir);
        List<Long> bases = segmentBases(dir);
        if (bases.isEmpty()) {
            Segment first = new Segment(dir, 0, settings.indexIntervalBytes());
            Files.createFile(first.logFile);
            Durable.fsyncDirectory(dir);
            return new Segment[] {first};
        }
        List<Segment> segs = new ArrayList<>();
        long expected = -1;
        long lastTs = Long.MIN_VALUE;
        for (int i = 0; i < bases.size(); i++) {
            Segment s = new Segment(dir, bases.get(i), settings.indexIntervalBytes());
            boolean last = i == bases.size() - 1;
            if (expected >= 0 && s.baseOffset != expected) {
                if (expected >= coveredFrom) {
                    deleteFrom(dir, bases, i, settings);
                    break;
                }
                throw new CorruptLogException(s.logFile, 0, "segment starts at offset " + s.baseOffset
                        + " but the previous segment ends at offset " + expected);
            }
            boolean unforced = !cleanShutdown && (last || bases.get(i + 1) > coveredFrom);
            boolean cut = recoverSegment(s, last, cleanShutdown, lastTs, unforced, coveredFrom);
            segs.add(s);
            expected = s.endOffset;
            if (s.lastTimestamp >= 0) {
                lastTs = s.lastTimestamp;
            }
            if (cut) {
                deleteFrom(dir, bases, i + 1, settings);
                break;
            }
        }
        return segs.toArray(Segment[]::new);
    }

    /** Deletes segments {@code from..} of the partition: the journal holds (and replays) what they held. */
    private static void deleteFrom(Path dir, List<Long> bases, int from, LogSettings settings) throws IOException {
        for (int i = from; i < bases.size(); i++) {
            Segment s = new Segment(dir, bases.get(i), settings.indexIntervalBytes());
            LOG.warn("{}: deleting a segment written after the last checkpoint; the journal replays it", s.logFile);
            s.delete();
        }
        Durable.fsyncDirectory(dir);
    }

    /** Returns true when the segment was cut at a bad batch the journal covers: later segments go too. */
    private static boolean recoverSegment(Segment s, boolean last, boolean clean, long previousTs, boolean unforced,
                                          long coveredFrom) throws IOException {
        try (FileChannel ch = FileChannel.open(s.logFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = ch.size();
            SegmentScanner scanner = new SegmentScanner(ch, fileSize);
            SegmentScanner.Result result = null;
            boolean trusted = (!last || clean) && !unforced
                    && s.index.load(s.offsetIndexFile, s.timeIndexFile, fileSize);
            if (trusted) {
                result = scanner.scan(s.index.lastPosition(), s.baseOffset + s.index.lastRelOffset(), s.baseOffset,
                        Long.MIN_VALUE, s.index);
                trusted = result.problem() == null;
            }
            if (!trusted) {
                s.index.clear();
                result = scanner.scan(0, s.baseOffset, s.baseOffset, previousTs, s.index);
            }
            boolean cut = false;
            if (result.problem() != null) {
                cut = result.endOffset() >= coveredFrom;
                if (cut) {
                    LOG.warn("{}: bad batch at byte {} ({}), written after the last checkpoint; cutting there, the "
                            + "journal replays the rest", s.logFile, result.problem().position(),
                            result.problem().reason());
                    ch.truncate(result.problem().position());
                    ch.force(true);
                } else {
                    handleProblem(s, ch, scanner, result, last, fileSize);
                }
            }
            s.size = result.validSize();
            s.endOffset = result.endOffset();
            s.firstTimestamp = s.index.firstTimestamp();
            s.lastTimestamp = s.isEmpty() ? -1 : result.lastTimestamp();
            if (!trusted) {
                s.index.rewrite(s.offsetIndexFile, s.timeIndexFile);
            }
            return cut;
        }
    }

    private static void handleProblem(Segment s, FileChannel ch, SegmentScanner scanner,
                                      SegmentScanner.Result result, boolean last, long fileSize) throws IOException {
        SegmentScanner.Problem p = result.problem();
        long later = scanner.findValidBatchAfter(p.position(), result.endOffset());
        if (later >= 0) {
            throw new CorruptLogException(s.logFile, p.position(), p.reason() + "; a valid batch follows at byte "
                    + later + ", so this is damage inside the log, not a torn write");
        }
        if (!last) {
            throw new CorruptLogException(s.logFile, p.position(), p.reason()
                    + " in a segment that is not the last one (it was forced when it rolled)");
        }
        LOG.warn("{}: torn write at byte {} ({}); truncating {} bytes that were never acknowledged", s.logFile,
                p.position(), p.reason(), fileSize - p.position());
        ch.truncate(p.position());
        ch.force(true);
    }

    /** Removes index and temp files left without their segment by a crash during retention or a rewrite. */
    private static void deleteOrphans(Path dir) throws IOException {
        List<Path> orphans = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                boolean index = name.endsWith(".index") || name.endsWith(".timeindex");
                if (name.endsWith(".tmp") || (index && dot > 0
                        && !Files.exists(dir.resolve(name.substring(0, dot) + ".log")))) {
                    orphans.add(f);
                }
            });
        }
        for (Path f : orphans) {
            Files.deleteIfExists(f);
        }
    }
}
