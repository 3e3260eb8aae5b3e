package dev.questlog.lake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of immutable objects named by {@code /}-separated keys: the lake's storage (a local directory or an
 * S3 bucket). Keys are relative ({@code events/app=a/date=2026-11-22/part-0-0-9.parquet}), never start with
 * {@code /} and contain no {@code ..} segment.
 *
 * <p>Atomicity: {@link #publish} makes an object appear whole or not at all — a reader never sees a half-written
 * object, and a crash during publish leaves either the previous object (or none) or the new one. Publishing the same
 * key again replaces the object atomically (the lake relies on this for idempotent re-publishes).
 *
 * <p>Durability: when {@code publish} or {@code delete} returns, the change survives a crash of this process and of
 * the machine (local: fsync of file and directory; S3: the service acknowledged the request).
 *
 * <p>Thread-safety: all methods may be called from many threads at once.
 */
public interface ObjectStore extends AutoCloseable {

    /** Publishes the content of a local file under {@code key}, atomically and durably (see the class doc). */
    void publish(String key, Path source) throws IOException;

    /** Publishes small content (markers, manifests) under {@code key}, atomically and durably. */
    void publish(String key, byte[] content) throws IOException;

    /** Copies an object to a local file (replacing it). @throws java.nio.file.NoSuchFileException when absent */
    void get(String key, Path target) throws IOException;

    /** Opens an object for reading; the caller closes the stream. @throws java.nio.file.NoSuchFileException when absent */
    InputStream open(String key) throws IOException;

    /** The whole content of a small object, or empty when it does not exist. */
    Optional<byte[]> read(String key) throws IOException;

    /** Objects whose key starts with {@code prefix} (empty: all), sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes an object; deleting an absent key is not an error. */
    void delete(String key) throws IOException;

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /** Size of an object in bytes. @throws java.nio.file.NoSuchFileException when absent */
    long size(String key) throws IOException;

    /** A human-readable location for logs and errors, e.g. {@code /data/lake} or {@code s3://bucket}. */
    String location();

    @Override
    void close() throws IOException;

    /** Checks a key against the rules in the class doc; returns it. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")
                || key.contains("\\") || ("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./")) {
            throw new IllegalArgumentException("object key must be a relative /-separated path without . or .."
                    + " segments, was '" + key + "'");
        }
        return key;
    }
}
