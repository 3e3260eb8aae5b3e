package dev.questlog.log.local;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Creating, reusing and opening journal files. A file is zero-filled once, when first created, and then reused:
 * a retired file becomes a spare ({@code <generation>.spare}) and is later given a new header (a new nonce, which
 * invalidates its old chunks) and renamed to the next generation. Writing into allocated, initialised blocks of a
 * file whose size never changes lets each synchronous write be one data write with no file-system metadata to commit.
 * Files are opened with {@code O_DIRECT} where the file system supports it (no page cache for data that is only read
 * back after a crash) and always with {@code O_DSYNC}.
 */
final class JournalFiles {
    /** Alignment of chunk positions and lengths: a multiple of every file system's direct-I/O block. */
    static final int BLOCK = 4096;
    private static final int FILL = 1 << 20;

    private JournalFiles() {
    }

    /** A journal file in use: chunks are placed in it in order and written concurrently; retired by the checkpoint. */
    static final class JFile {
        final Path path;
        final long generation;
        final long nonce;
        final long capacity;
        final FileChannel channel;
        // guarded by the journal's lock
        /** Next chunk's position. */
        long position = BLOCK;
        /** Sequence of the last chunk placed in the file, -1 before the first. */
        long lastSequence = -1;
        /** Chunks placed but not yet written. */
        int writing;

        JFile(Path path, long generation, long nonce, long capacity, FileChannel channel) {
            this.path = path;
            this.generation = generation;
            this.nonce = nonce;
            this.capacity = capacity;
            this.channel = channel;
        }
    }

    static ByteBuffer alignedBuffer(int bytes) {
        int size = Math.max(BLOCK, roundUp(bytes));
        return ByteBuffer.allocateDirect(size + BLOCK).alignedSlice(BLOCK).limit(size);
    }

    static int roundUp(long bytes) {
        long r = (bytes + BLOCK - 1) / BLOCK * BLOCK;
        if (r > Integer.MAX_VALUE - BLOCK) {
            throw new IllegalArgumentException("journal chunk of " + bytes + " bytes is too large");
        }
        return (int) r;
    }

    /** Opens {@code file} for synchronous writes, with O_DIRECT when the file system allows it. */
    static FileChannel openSync(Path file) throws IOException {
        return openDirect(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
    }

    /** Opens the existing {@code file} with {@code options} plus O_DIRECT, or without it where refused. */
    private static FileChannel openDirect(Path file, OpenOption... options) throws IOException {
        OpenOption[] direct = Arrays.copyOf(options, options.length + 1);
        direct[options.length] = ExtendedOpenOption.DIRECT;
        try {
            return FileChannel.open(file, direct);
        } catch (UnsupportedOperationException | IOException e) {
            return FileChannel.open(file, options);
        }
    }

    /**
     * Makes generation {@code generation} ready to write: reuses {@code spare} (or creates and zero-fills a new file
     * of {@code capacity} bytes when it is null or too small), writes a fresh header and renames it into place; the
     * rename is made durable before the file is returned, so that recovery finds every chunk written to it.
     */
    static JFile prepare(Path dir, long generation, Path spare, long capacity) throws IOException {
        Path source = spare;
        if (source == null || Files.size(source) < capacity) {
            if (source != null) {
                Files.deleteIfExists(source);
            }
            source = dir.resolve(String.format("%020d", generation) + ".new");
            Files.deleteIfExists(source);
            fill(source, capacity);
        }
        long size = Files.size(source);
        FileChannel ch = openSync(source);
        try {
            long nonce = ThreadLocalRandom.current().nextLong() | 1; // never 0, which means "no valid header"
            ByteBuffer header = alignedBuffer(BLOCK);
            JournalFormat.putFileHeader(header, generation, nonce);
            SparseIndex.writeFully(ch, header, 0);
            Path target = dir.resolve(JournalFormat.fileName(generation));
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Durable.fsyncDirectory(dir);
            return new JFile(target, generation, nonce, size / BLOCK * BLOCK, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void fill(Path file, long capacity) throws IOException {
        long size = (long) roundUp(Math.min(capacity, Integer.MAX_VALUE - 2L * BLOCK));
        ByteBuffer zeros = alignedBuffer(FILL);
        Files.createFile(file);
        // O_DIRECT where allowed: zero-filling 64 MiB through the page cache would take that much never-used memory
        // (see PageCache) for pages the journal's direct writes only invalidate again
        try (FileChannel ch = openDirect(file, StandardOpenOption.WRITE)) {
            for (long at = 0; at < size; at += FILL) {
                zeros.clear().limit((int) Math.min(FILL, size - at));
                SparseIndex.writeFully(ch, zeros, at);
            }
            ch.force(true);
        }
    }

    /** Turns a retired file into a spare (or deletes it when enough spares exist). No fsync: either name is safe. */
    static Path retire(JFile f, boolean keep) throws IOException {
        f.channel.close();
        if (!keep) {
            Files.deleteIfExists(f.path);
            return null;
        }
        Path spare = f.path.resolveSibling(String.format("%020d", f.generation) + JournalFormat.SPARE_SUFFIX);
        Files.move(f.path, spare, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return spare;
    }

    /** Files in {@code dir} whose names end with {@code suffix}, sorted by name (= generation). */
    static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
