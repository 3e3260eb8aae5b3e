package dev.questlog.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppRegistryTest {
    @TempDir
    Path dir;

    @Test
    void createdKeysAuthenticateWithTheirAppAndKind() {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        CreatedApp app = r.createApp("my-game");
        assertThat(r.authenticate(app.server().token())).contains(new Principal("my-game", KeyKind.SERVER, app.server().info().id()));
        assertThat(r.authenticate(app.client().token()).orElseThrow().kind()).isEqualTo(KeyKind.CLIENT);
        assertThat(r.authenticate(app.analyst().token()).orElseThrow().kind()).isEqualTo(KeyKind.ANALYST);
        assertThat(app.server().token()).startsWith("ql_server_").hasSizeGreaterThan(40);
    }

    @Test
    void unknownTamperedAndMalformedTokensAreRefused() {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        String token = r.createApp("g").server().token();
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertThat(r.authenticate(tampered)).isEmpty();
        assertThat(r.authenticate("not-a-key")).isEmpty();
        assertThat(r.authenticate("")).isEmpty();
        assertThat(r.authenticate(null)).isEmpty();
    }

    @Test
    void onlyHashesAreStoredAndTheFileIsOwnerOnly() throws Exception {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        CreatedApp app = r.createApp("g");
        String file = Files.readString(dir.resolve("apps.json"));
        assertThat(file).contains("\"g\"").doesNotContain(app.server().token()).doesNotContain(app.client().token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("apps.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void revocationIsImmediateAndSurvivesReopen() {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        CreatedApp app = r.createApp("g");
        assertThat(r.revoke(app.client().info().id())).isTrue();
        assertThat(r.authenticate(app.client().token())).isEmpty();
        assertThat(r.authenticate(app.server().token())).isPresent();
        assertThat(AppRegistry.open(dir, InstantSource.system()).authenticate(app.client().token())).isEmpty();
        assertThat(r.revoke("k-no-such-key")).isFalse();
    }

    @Test
    void anotherProcessesNewAppIsSeenOnItsFirstUnknownKey() {
        AppRegistry server = AppRegistry.open(dir, InstantSource.system());
        server.apps();
        AppRegistry cli = AppRegistry.open(dir, InstantSource.system());
        CreatedApp app = cli.createApp("late");
        assertThat(server.authenticate(app.server().token())).isPresent();
        assertThat(server.app("late")).isPresent();
    }

    @Test
    void invalidNamesDuplicatesAndMisfitKindsAreRefused() {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        assertThatThrownBy(() -> r.createApp("Bad Name")).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> r.createApp("-x")).isInstanceOf(IllegalArgumentException.class);
        r.createApp("g");
        assertThatThrownBy(() -> r.createApp("g")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> r.createKey("nope", KeyKind.SERVER)).hasMessageContaining("no app named 'nope'");
        assertThatThrownBy(() -> r.createKey("g", KeyKind.ADMIN)).hasMessageContaining("admin");
        assertThat(r.createKey("g", KeyKind.CLIENT).info().app()).isEqualTo("g");
        assertThat(r.app("g").orElseThrow().keys()).hasSize(4);
    }

    @Test
    void adminKeyIsCreatedOnceAndHasNoApp() {
        AppRegistry r = AppRegistry.open(dir, InstantSource.system());
        IssuedKey admin = r.ensureAdminKey().orElseThrow();
        assertThat(r.ensureAdminKey()).isEmpty();
        Principal p = r.authenticate(admin.token()).orElseThrow();
        assertThat(p.isAdmin()).isTrue();
        assertThat(p.app()).isNull();
        assertThat(p.mayAccess("any")).isTrue();
    }
}
