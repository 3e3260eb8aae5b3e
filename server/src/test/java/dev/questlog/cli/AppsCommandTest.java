package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.apps.AppRegistry;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppsCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void appsCreateJsonPrintsExactlyOneObjectWithWorkingKeys() throws Exception {
        CliRun r = run("apps", "create", "my-game", "--data-dir", dir.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(r.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(json.get("app").asText()).isEqualTo("my-game");
        AppRegistry registry = AppRegistry.open(dir.resolve("apps"), InstantSource.system());
        for (String k : new String[] {"server_key", "client_key", "analyst_key"}) {
            assertThat(registry.authenticate(json.get(k).asText())).as(k).isPresent();
        }
    }

    @Test
    void duplicateAndInvalidNamesAreOneLineErrors() {
        run("apps", "create", "g", "--data-dir", dir.toString());
        CliRun again = run("apps", "create", "g", "--data-dir", dir.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThat(run("apps", "create", "Bad!", "--data-dir", dir.toString()).err()).contains("'Bad!'");
    }

    @Test
    void keysCreateListAndRevoke() throws Exception {
        run("apps", "create", "g", "--data-dir", dir.toString());
        CliRun created = run("keys", "create", "--app", "g", "--kind", "client", "--data-dir", dir.toString(), "--json");
        JsonNode key = new ObjectMapper().readTree(created.out());
        String id = key.get("key_id").asText();
        assertThat(run("apps", "list", "--data-dir", dir.toString()).out()).contains(id).contains("active");
        assertThat(run("keys", "revoke", id, "--data-dir", dir.toString()).code()).isZero();
        assertThat(AppRegistry.open(dir.resolve("apps"), InstantSource.system()).authenticate(key.get("key").asText()))
                .isEmpty();
        assertThat(run("apps", "list", "--data-dir", dir.toString()).out()).contains("revoked");
        assertThat(run("keys", "revoke", "k-nope", "--data-dir", dir.toString()).code()).isEqualTo(2);
    }
}
