package dev.questlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private QuestLogConfig load(String yaml, Map<String, String> env, Map<String, String> flags) throws IOException {
        Path file = dir.resolve("questlog.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.standard().load(Optional.of(file), env, flags);
    }

    @Test
    void defaultsApplyWithoutAFile() {
        QuestLogConfig c = ConfigLoader.standard().load(Optional.empty(), Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("./questlog-data"));
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.log().partitions()).isEqualTo(8);
        assertThat(c.log().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.ingest().maxBodyBytes()).isEqualTo(5L << 20);
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin() throws IOException {
        QuestLogConfig c = load("""
                server:
                  port: 9000
                log:
                  partitions: 4
                  segment:
                    bytes: 64MiB
                  retention: 2d
                """, Map.of("QUESTLOG_LOG_PARTITIONS", "16", "QUESTLOG_SERVER_PORT", "9100"),
                Map.of("server.port", "9200"));
        assertThat(c.server().port()).isEqualTo(9200);
        assertThat(c.log().partitions()).isEqualTo(16);
        assertThat(c.log().segmentBytes()).isEqualTo(64L << 20);
        assertThat(c.log().retention()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void unknownKeyNamesTheKeyAndItsSiblings() {
        assertThatThrownBy(() -> load("log:\n  partitons: 3\n", Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'log.partitons'")
                .hasMessageContaining("log.partitions");
    }

    @Test
    void unknownTopLevelSection() {
        assertThatThrownBy(() -> load("nonsense:\n  a: 1\n", Map.of(), Map.of()))
                .hasMessageContaining("unknown key 'nonsense'");
    }

    @Test
    void badValueNamesKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> load("log:\n  partitions: 0\n", Map.of(), Map.of()))
                .hasMessageContaining("'0'").hasMessageContaining("log.partitions")
                .hasMessageContaining("an integer from 1 to 1024");
        assertThatThrownBy(() -> load("log:\n  fsync: sometimes\n", Map.of(), Map.of()))
                .hasMessageContaining("one of group, none");
        assertThatThrownBy(() -> load("log:\n  retention: forever\n", Map.of(), Map.of()))
                .hasMessageContaining("log.retention").hasMessageContaining("duration");
    }

    @Test
    void badEnvironmentValueAndUnknownEnvironmentVariable() {
        assertThatThrownBy(() -> ConfigLoader.standard().load(Optional.empty(),
                Map.of("QUESTLOG_SERVER_PORT", "eighty"), Map.of()))
                .hasMessageContaining("QUESTLOG_SERVER_PORT").hasMessageContaining("'eighty'");
        assertThatThrownBy(() -> ConfigLoader.standard().load(Optional.empty(),
                Map.of("QUESTLOG_NO_SUCH_THING", "1"), Map.of()))
                .hasMessageContaining("QUESTLOG_NO_SUCH_THING");
    }

    @Test
    void rolesAreValidated() {
        assertThatThrownBy(() -> ConfigLoader.standard().load(Optional.empty(), Map.of(),
                Map.of("server.roles", "ingest,cooking")))
                .hasMessageContaining("cooking");
        QuestLogConfig c = ConfigLoader.standard().load(Optional.empty(), Map.of(), Map.of("server.roles", "ingest,api"));
        assertThat(c.server().roles()).containsExactly("ingest", "api");
    }

    @Test
    void unitsParse() {
        assertThat(SettingType.Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SettingType.Units.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingType.Units.parseBytes("5MiB")).isEqualTo(5L << 20);
        assertThat(SettingType.Units.parseBytes("512kb")).isEqualTo(512L << 10);
        assertThat(SettingType.Units.formatBytes(128L << 20)).isEqualTo("128MiB");
        assertThat(SettingType.Units.formatDuration(Duration.ofDays(7))).isEqualTo("7d");
    }

    @Test
    void printedDefaultsLoadBackToTheDefaults() throws IOException {
        String yaml = DefaultsPrinter.render(SettingsRegistry.all());
        QuestLogConfig fromPrinted = load(yaml, Map.of(), Map.of());
        assertThat(fromPrinted).isEqualTo(ConfigLoader.standard().load(Optional.empty(), Map.of(), Map.of()));
        for (Setting<?> s : SettingsRegistry.all()) {
            assertThat(yaml).contains(s.envName());
        }
    }
}
