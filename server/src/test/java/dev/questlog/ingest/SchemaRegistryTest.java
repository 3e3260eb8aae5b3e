package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String SCHEMA = """
            {"type":"object","required":["level_id"],"properties":{"level_id":{"type":"string"}}}""";

    @Test
    void validatesOnlyTypesWithASchemaAndSurvivesReopen() {
        SchemaRegistry r = SchemaRegistry.open(dir);
        r.put("g", "player_death", b(SCHEMA));
        assertThat(r.has("g", "player_death")).isTrue();
        assertThat(r.has("g", "login")).isFalse();
        assertThat(r.has("other", "player_death")).isFalse();
        assertThat(r.validate("g", "player_death", b("{\"level_id\":\"m1\"}"))).isEmpty();
        assertThat(r.validate("g", "player_death", b("{\"level_id\":3}"))).get().asString().contains("level_id");
        assertThat(r.validate("g", "player_death", b("{}"))).isPresent();
        SchemaRegistry reopened = SchemaRegistry.open(dir);
        assertThat(reopened.validate("g", "player_death", b("{}"))).isPresent();
        assertThat(reopened.get("g", "player_death")).contains(SCHEMA);
    }

    @Test
    void refusesSchemasThatAreNotJsonSchemaAndBadNames() {
        SchemaRegistry r = SchemaRegistry.open(dir);
        assertThatThrownBy(() -> r.put("g", "t", b("not json"))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> r.put("g", "t", b("[1]"))).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> r.put("g", "bad type!", b(SCHEMA))).hasMessageContaining("'bad type!'");
        assertThatThrownBy(() -> r.put("../x", "t", b(SCHEMA))).hasMessageContaining("app name");
    }
}
