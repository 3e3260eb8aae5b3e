package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link ObjectStore} backend must have; subclasses only say how to open one. */
public abstract class ObjectStoreContract {
    @TempDir
    protected Path temp;
    protected ObjectStore store;

    /** A fresh, empty store; called before each test. */
    protected abstract ObjectStore openStore() throws Exception;

    @BeforeEach
    void openIt() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeIt() throws Exception {
        store.close();
    }

    @Test
    void publishedFileReadsBackWithItsSize() throws Exception {
        Path source = file("a.bin", bytes(10_000, 1));
        store.publish("events/app=a/date=2026-01-02/part-0-0-9.parquet", source);

        String key = "events/app=a/date=2026-01-02/part-0-0-9.parquet";
        assertThat(store.exists(key)).isTrue();
        assertThat(store.size(key)).isEqualTo(10_000);
        assertThat(store.read(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(10_000, 1)));
        Path copy = temp.resolve("copy.bin");
        Files.writeString(copy, "old content is replaced");
        store.get(key, copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes(10_000, 1));
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(10_000, 1));
        }
    }

    @Test
    void publishingAgainReplacesTheObject() throws Exception {
        store.publish("_progress/events/p-0.json", "first".getBytes(StandardCharsets.UTF_8));
        store.publish("_progress/events/p-0.json", "second, longer".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(store.read("_progress/events/p-0.json").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("second, longer");
        assertThat(store.list("_progress/")).extracting(StoredObject::key).containsExactly("_progress/events/p-0.json");
    }

    @Test
    void listsByPrefixInKeyOrder() throws Exception {
        for (String k : new String[] {"events/app=b/date=2026-01-01/x", "events/app=a/date=2026-01-02/y",
                "events/app=a/date=2026-01-01/z", "events/app=ab/date=2026-01-01/w", "failed/app=a/date=2026-01-01/v"}) {
            store.publish(k, k.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(store.list("events/app=a/")).extracting(StoredObject::key)
                .containsExactly("events/app=a/date=2026-01-01/z", "events/app=a/date=2026-01-02/y");
        assertThat(store.list("events/app=a")).extracting(StoredObject::key)
                .containsExactly("events/app=a/date=2026-01-01/z", "events/app=a/date=2026-01-02/y",
                        "events/app=ab/date=2026-01-01/w");
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("failed/")).singleElement()
                .isEqualTo(new StoredObject("failed/app=a/date=2026-01-01/v", "failed/app=a/date=2026-01-01/v".length()));
    }

    @Test
    void deleteRemovesAndToleratesAbsentKeys() throws Exception {
        store.publish("events/app=a/date=2026-01-01/x", new byte[] {1, 2, 3});
        store.delete("events/app=a/date=2026-01-01/x");
        store.delete("events/app=a/date=2026-01-01/x");
        store.delete("never/was/here");

        assertThat(store.exists("events/app=a/date=2026-01-01/x")).isFalse();
        assertThat(store.list("events/")).isEmpty();
    }

    @Test
    void absentObjectsAreReportedAsSuch() throws Exception {
        assertThat(store.read("no/such/key")).isEmpty();
        assertThat(store.exists("no/such/key")).isFalse();
        assertThatThrownBy(() -> store.open("no/such/key")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size("no/such/key")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.get("no/such/key", temp.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void largeFilesRoundTrip() throws Exception {
        // Above the S3 multipart threshold used by the S3 test (5 MiB parts): exercises the multipart path there.
        byte[] big = bytes(11 * 1024 * 1024 + 123, 7);
        store.publish("events/app=a/date=2026-01-01/big.parquet", file("big.bin", big));

        assertThat(store.size("events/app=a/date=2026-01-01/big.parquet")).isEqualTo(big.length);
        Path copy = temp.resolve("big-copy.bin");
        store.get("events/app=a/date=2026-01-01/big.parquet", copy);
        assertThat(Files.mismatch(copy, temp.resolve("big.bin"))).isEqualTo(-1);
    }

    @Test
    void rejectsKeysThatEscapeTheStore() {
        for (String bad : new String[] {"/abs", "a/../b", "../x", "a//b", "a/", "", "a/./b"}) {
            assertThatThrownBy(() -> store.publish(bad, new byte[] {1}))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    protected Path file(String name, byte[] content) throws Exception {
        Path p = temp.resolve(name);
        Files.write(p, content);
        return p;
    }

    protected static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
