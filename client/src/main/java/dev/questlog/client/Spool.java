package dev.questlog.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches waiting on disk: one NDJSON file per batch ({@code batch-<millis>-<n>.ndjson}, one event JSON per line,
 * oldest first by name). A file appears whole or not at all (written to a temporary name, forced to disk, then
 * renamed), so a crash mid-write loses at most that batch's file, never corrupts another. One client per
 * directory: a lock file enforces it. Used by the sender thread only.
 */
final class Spool implements AutoCloseable {
    private static final String PREFIX = "batch-";
    private static final String SUFFIX = ".ndjson";

    private final Path dir;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long bytes;
    private long counter;
    private int files;

    Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("spool directory " + dir + " is in use by another QuestLog client");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool directory " + dir, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another client in this JVM
        }
    }

    /** The batches an earlier run left, oldest first; removes half-written temporary files. */
    List<Batch> recover() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                } else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    found.add(p);
                }
            }
        }
        found.sort(null);
        List<Batch> batches = new ArrayList<>();
        for (Path p : found) {
            List<byte[]> lines = readLines(p);
            bytes += Files.size(p);
            files++;
            batches.add(Batch.onDisk(p, lines.size(), true));
        }
        return batches;
    }

    /** Writes the batch to a new file; false (nothing written) when that would exceed the spool's size limit. */
    boolean write(Batch batch) throws IOException {
        long size = batch.bytes();
        if (bytes + size > maxBytes) {
            return false;
        }
        String name = String.format("%s%013d-%06d%s", PREFIX, System.currentTimeMillis(), counter++ % 1_000_000,
                SUFFIX);
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (byte[] event : batch.events()) {
                ByteBuffer buf = ByteBuffer.allocate(event.length + 1).put(event).put((byte) '\n').flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(true);
        }
        Path file = Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        batch.file = file;
        bytes += size;
        files++;
        return true;
    }

    /** Reads a spooled batch's events back into memory. */
    void load(Batch batch) throws IOException {
        List<byte[]> lines = readLines(batch.file);
        List<String> ids = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            ids.add(eventId(line));
        }
        batch.load(ids, lines);
    }

    /** Deletes a delivered (or given-up) batch's file, if it has one. */
    void delete(Batch batch) throws IOException {
        if (batch.file != null) {
            long size = Files.size(batch.file);
            Files.deleteIfExists(batch.file);
            bytes -= size;
            files--;
            batch.file = null;
        }
    }

    int files() {
        return files;
    }

    private static List<byte[]> readLines(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (byte b : all) {
            if (b == '\n') {
                if (line.size() > 0) {
                    lines.add(line.toByteArray());
                }
                line.reset();
            } else {
                line.write(b);
            }
        }
        if (line.size() > 0) {
            lines.add(line.toByteArray());
        }
        return lines;
    }

    /** The event_id of a spooled event (the SDK writes it first), or "?" when the line is not what the SDK wrote. */
    private static String eventId(byte[] json) {
        try (JsonParser p = EventWriter.JSON.createParser(json)) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && "event_id".equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
        } catch (IOException e) {
            // fall through
        }
        return "?";
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the OS drops the lock with the process anyway
        }
    }
}
