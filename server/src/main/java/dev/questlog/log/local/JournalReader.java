package dev.questlog.log.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal left by the previous run, at open: every valid chunk of every {@code .journal} file, in
 * generation order, grouped by partition. Files are memory-mapped, not loaded into the heap.
 */
final class JournalReader {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

    private JournalReader() {
    }

    /**
     * What the journal holds.
     *
     * @param batches        per stream and partition, the journalled runs of batches in the order they were written
     * @param files          the journal files read (to retire once their batches are in the segments)
     * @param spares         reusable files
     * @param nextGeneration the generation to give the next file
     */
    record Recovered(Map<String, Map<Integer, List<ByteBuffer>>> batches, List<Path> files, List<Path> spares,
                     long nextGeneration) {

        static Recovered empty() {
            return new Recovered(Map.of(), List.of(), List.of(), 0);
        }

        /** The partition's runs, oldest first (empty when the journal holds none). */
        List<ByteBuffer> runs(String stream, int partition) {
            return batches.getOrDefault(stream, Map.of()).getOrDefault(partition, List.of());
        }

        /** The first offset the journal holds for the partition, or {@link Long#MAX_VALUE}. */
        long coveredFrom(String stream, int partition) {
            List<ByteBuffer> runs = runs(stream, partition);
            return runs.isEmpty() ? Long.MAX_VALUE : runs.getFirst().getLong(BatchCodec.BASE_OFFSET_AT);
        }
    }

    static Recovered read(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path partial : JournalFiles.list(dir, ".new")) {
            Files.deleteIfExists(partial); // a crash while a new file was being filled: never written to
        }
        List<Path> files = JournalFiles.list(dir, JournalFormat.SUFFIX);
        List<Path> spares = JournalFiles.list(dir, JournalFormat.SPARE_SUFFIX);
        Map<String, Map<Integer, List<ByteBuffer>>> batches = new HashMap<>();
        long maxGeneration = -1;
        for (Path f : files) {
            maxGeneration = Math.max(maxGeneration, generation(f, JournalFormat.SUFFIX));
            readFile(f, batches);
        }
        for (Path f : spares) {
            maxGeneration = Math.max(maxGeneration, generation(f, JournalFormat.SPARE_SUFFIX));
        }
        return new Recovered(batches, files, spares, maxGeneration + 1);
    }

    private static long generation(Path f, String suffix) throws IOException {
        String name = f.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - suffix.length()));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected file in the log's journal directory: " + f);
        }
    }

    private static void readFile(Path f, Map<String, Map<Integer, List<ByteBuffer>>> batches) throws IOException {
        ByteBuffer map;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        long nonce = JournalFormat.readFileNonce(map.slice(0, Math.min(map.limit(), JournalFiles.BLOCK)));
        if (nonce == 0) {
            LOG.error("journal file {} has a damaged header; its batches cannot be replayed", f);
            return;
        }
        int pos = JournalFiles.BLOCK;
        long expected = -1;
        int chunks = 0;
        while (pos < map.limit()) {
            ByteBuffer chunk = map.slice(pos, map.limit() - pos);
            int length = JournalFormat.validChunk(chunk, nonce, expected);
            if (length < 0) {
                break;
            }
            expected = chunk.getLong(16) + 1;
            ByteBuffer payload = chunk.slice(JournalFormat.CHUNK_HEADER_BYTES, length);
            int entries = chunk.getInt(28);
            for (int i = 0; i < entries; i++) {
                JournalFormat.Entry e = JournalFormat.readEntry(payload);
                batches.computeIfAbsent(e.stream(), s -> new HashMap<>())
                        .computeIfAbsent(e.partition(), p -> new ArrayList<>()).add(e.batches());
            }
            chunks++;
            pos += JournalFiles.roundUp(JournalFormat.CHUNK_HEADER_BYTES + (long) length);
        }
        LOG.info("journal file {}: {} chunks to check against the segments", f.getFileName(), chunks);
    }
}
