package dev.questlog.lake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.ObjectStoreContract;
import dev.questlog.lake.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore openStore() throws Exception {
        return LocalObjectStore.open(temp.resolve("lake"));
    }

    @Test
    void temporaryFilesOfACrashedPublishAreInvisibleAndRemovedOnOpen() throws Exception {
        Path dir = temp.resolve("lake/events/app=a/date=2026-01-01");
        Files.createDirectories(dir);
        Files.write(dir.resolve(".tmp-123-part-0-0-9.parquet"), new byte[] {1, 2});
        store.publish("events/app=a/date=2026-01-01/part-0-10-19.parquet", new byte[] {3});

        assertThat(store.list("events/")).extracting(StoredObject::key)
                .containsExactly("events/app=a/date=2026-01-01/part-0-10-19.parquet");
        LocalObjectStore.open(temp.resolve("lake")).close();
        assertThat(dir.resolve(".tmp-123-part-0-0-9.parquet")).doesNotExist();
    }

    @Test
    void deletingTheLastObjectOfADatePartitionRemovesItsDirectories() throws Exception {
        store.publish("events/app=a/date=2026-01-01/x", new byte[] {1});
        store.publish("events/app=a/date=2026-01-02/y", new byte[] {1});

        store.delete("events/app=a/date=2026-01-01/x");

        assertThat(temp.resolve("lake/events/app=a/date=2026-01-01")).doesNotExist();
        assertThat(temp.resolve("lake/events/app=a/date=2026-01-02")).isDirectory();
    }
}
