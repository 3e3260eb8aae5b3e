package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static Batch batch(ClientEvent... events) {
        Batch.Builder b = Batch.open();
        for (ClientEvent e : events) {
            b.add(e.eventId().toString(), EventWriter.write(e));
        }
        return b.build();
    }

    @Test
    void batchesSurviveAReopenInOrder() throws Exception {
        ClientEvent a = ClientEvent.builder("a").build();
        ClientEvent b = ClientEvent.builder("b").build();
        ClientEvent c = ClientEvent.builder("c").build();
        try (Spool spool = new Spool(dir, 1 << 20)) {
            assertThat(spool.write(batch(a, b))).isTrue();
            assertThat(spool.write(batch(c))).isTrue();
        }
        Files.writeString(dir.resolve("batch-half-written.ndjson.tmp"), "{\"event_id\"");
        try (Spool spool = new Spool(dir, 1 << 20)) {
            List<Batch> found = spool.recover();
            assertThat(found).extracting(Batch::size).containsExactly(2, 1);
            spool.load(found.get(0));
            assertThat(found.get(0).eventIds()).containsExactly(a.eventId().toString(), b.eventId().toString());
            spool.delete(found.get(0));
            assertThat(spool.files()).isEqualTo(1);
        }
        assertThat(dir.resolve("batch-half-written.ndjson.tmp")).doesNotExist();
    }

    @Test
    void refusesToGrowBeyondItsLimit() throws Exception {
        try (Spool spool = new Spool(dir, 10)) {
            assertThat(spool.write(batch(ClientEvent.builder("a").build()))).isFalse();
            assertThat(spool.files()).isZero();
        }
    }

    @Test
    void oneClientPerDirectory() {
        try (Spool first = new Spool(dir, 1 << 20)) {
            assertThatThrownBy(() -> new Spool(dir, 1 << 20)).hasMessageContaining("in use");
        }
    }
}
