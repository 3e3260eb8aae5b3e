package dev.questlog.log.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment of a partition: {@code <baseOffset>.log} plus its sparse indexes. Only the partition's writer (under
 * the partition's write mutex) changes a segment; readers see its volatile size and bounds and open their own
 * channels, so that an interrupted reader cannot close the writer's channel.
 */
final class Segment {
    final long baseOffset;
    final Path logFile;
    final Path offsetIndexFile;
    final Path timeIndexFile;
    final SparseIndex index;

    private FileChannel channel;
    private FileChannel offsetIndexChannel;
    private FileChannel timeIndexChannel;

    /** Bytes of whole batches in the file. */
    volatile long size;
    /** One past the last record's offset. */
    volatile long endOffset;
    /** Stamp of the first record, -1 when empty. */
    volatile long firstTimestamp = -1;
    /** Stamp of the last record, -1 when empty. */
    volatile long lastTimestamp = -1;
    /** File bytes below this were dropped from the page cache (under the partition's checkpoint lock). */
    private long uncachedBelow;

    Segment(Path dir, long baseOffset, int indexIntervalBytes) {
        this.baseOffset = baseOffset;
        String name = fileName(baseOffset);
        this.logFile = dir.resolve(name + ".log");
        this.offsetIndexFile = dir.resolve(name + ".index");
        this.timeIndexFile = dir.resolve(name + ".timeindex");
        this.index = new SparseIndex(indexIntervalBytes);
        this.endOffset = baseOffset;
    }

    static String fileName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    /** Opens the files for appending at {@link #size} (the writer's side). */
    void openForAppend() throws IOException {
        channel = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        offsetIndexChannel = FileChannel.open(offsetIndexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        timeIndexChannel = FileChannel.open(timeIndexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    FileChannel channel() {
        return channel;
    }

    boolean isEmpty() {
        return endOffset == baseOffset;
    }

    /** Records a batch written at {@code position} (the writer's side, after the write). */
    void onBatchWritten(long position, long batchBase, int count, long timestamp, int totalSize) {
        index.onBatch((int) (batchBase - baseOffset), position, timestamp);
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        size = position + totalSize;
    }

    /**
     * Advises the kernel to drop file bytes [.., {@code position}) from its page cache; the caller has forced them.
     * Returns whether everything below {@code size} is now dropped.
     */
    boolean uncacheBelow(long position) {
        if (position > uncachedBelow) {
            uncachedBelow = PageCache.drop(logFile, uncachedBelow, position);
        }
        return uncachedBelow >= PageCache.floorToPage(size);
    }

    /** Makes the index files catch up with memory. */
    void flushIndex() throws IOException {
        if (offsetIndexChannel != null) {
            index.flushTo(offsetIndexChannel, timeIndexChannel);
        }
    }

    /** Flushes indexes and closes the writer's channels; the segment stays readable. */
    void closeForAppend() throws IOException {
        if (channel == null) {
            return;
        }
        flushIndex();
        channel.close();
        offsetIndexChannel.close();
        timeIndexChannel.close();
        channel = null;
        offsetIndexChannel = null;
        timeIndexChannel = null;
    }

    /** Deletes the files (readers that have them open keep reading until they close them). */
    void delete() throws IOException {
        closeForAppend();
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(offsetIndexFile);
        Files.deleteIfExists(timeIndexFile);
    }

    @Override
    public String toString() {
        return logFile.toString();
    }
}
