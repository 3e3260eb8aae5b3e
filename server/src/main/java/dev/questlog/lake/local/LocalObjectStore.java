package dev.questlog.lake.local;

import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local directory: key {@code a/b/c} is the file {@code <root>/a/b/c}. Publishing writes
 * a hidden temporary file beside the target, fsyncs it, renames it over the target atomically and fsyncs the
 * directory, so an object is whole or absent after any crash. Leftover temporary files of a crash are removed on
 * open. Thread-safe (every operation is a self-contained file-system call sequence).
 */
public final class LocalObjectStore implements ObjectStore {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    private LocalObjectStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) a store rooted at {@code root} and removes temporary files left by a crash. */
    public static ObjectStore open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return new LocalObjectStore(dir);
    }

    @Override
    public void publish(String key, Path source) throws IOException {
        Path target = path(key);
        Path temp = tempBeside(target);
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void publish(String key, byte[] content) throws IOException {
        Path target = path(key);
        Path temp = tempBeside(target);
        try {
            Files.write(temp, content);
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path tempBeside(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
    }

    /** fsync the data, rename atomically, then fsync the directory so the rename itself is durable. */
    private void commit(Path temp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + root + " cannot rename atomically", e);
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void get(String key, Path target) throws IOException {
        Files.copy(existing(key), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(existing(key));
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        Path start = walkStart(prefix);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    out.add(new StoredObject(key, sizeOrZero(p)));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    /** The deepest directory that contains every key with this prefix, so listing one partition is cheap. */
    private Path walkStart(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : path(prefix.substring(0, slash));
    }

    private static long sizeOrZero(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0; // deleted while listing
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = path(key);
        if (Files.deleteIfExists(p)) {
            syncDirectory(p.getParent());
            removeEmptyParents(p.getParent());
        }
    }

    /** Retention deletes whole date partitions; their empty directories go too. */
    private void removeEmptyParents(Path dir) throws IOException {
        Path d = dir;
        while (d != null && !d.equals(root) && d.startsWith(root)) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
            d = d.getParent();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(existing(key));
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void close() {
        // Nothing held open.
    }

    private Path path(String key) {
        return root.resolve(ObjectStore.checkKey(key));
    }

    private Path existing(String key) throws NoSuchFileException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(location() + "/" + key);
        }
        return p;
    }
}
