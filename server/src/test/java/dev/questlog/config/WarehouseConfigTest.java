package dev.questlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse section: defaults, the views map from YAML and from an environment variable, bad values. */
class WarehouseConfigTest {
    @TempDir
    Path dir;

    private QuestLogConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.standard().load(Optional.of(file), env, Map.of());
    }

    @Test
    void defaultsMatchTheIssue() {
        WarehouseConfig c = WarehouseConfig.defaults();
        assertThat(c.engine()).isEqualTo("duckdb");
        assertThat(c.loadMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(180));
        assertThat(c.views()).isEmpty();
    }

    @Test
    void viewsComeFromYaml() throws Exception {
        QuestLogConfig c = load("""
                warehouse:
                  engine: postgres
                  postgres:
                    url: jdbc:postgresql://db:5432/ql
                  dedupe_window: 2d
                  views:
                    iap_transaction:
                      - {column: price, path: $.price, type: "DECIMAL(12,2)"}
                      - {column: sku, path: $.item.sku, type: VARCHAR}
                """, Map.of());

        assertThat(c.warehouse().engine()).isEqualTo("postgres");
        assertThat(c.warehouse().dedupeWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(c.warehouse().views()).containsExactly(new WarehouseView("iap_transaction", List.of(
                new WarehouseView.Column("price", "$.price", "DECIMAL(12,2)"),
                new WarehouseView.Column("sku", "$.item.sku", "VARCHAR"))));
    }

    @Test
    void viewsFromAnEnvironmentVariableAreJson() throws Exception {
        QuestLogConfig c = load("", Map.of("QUESTLOG_WAREHOUSE_VIEWS",
                "{\"match_end\":[{\"column\":\"score\",\"path\":\"$.score\",\"type\":\"BIGINT\"}]}"));

        assertThat(c.warehouse().views().getFirst().columns().getFirst().sqlType()).isEqualTo("BIGINT");
    }

    @Test
    void badViewsAndUrlsAreErrorsNamingTheValue() {
        assertThatThrownBy(() -> load("warehouse: {views: {iap: [{column: price, path: 'price; drop', type: INT}]}}",
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("warehouse.views");
        assertThatThrownBy(() -> load("warehouse: {views: {iap: [{column: p, path: $.p, type: 'TEXT); DROP'}]}}",
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("TEXT); DROP");
        assertThatThrownBy(() -> load("warehouse: {postgres: {url: 'jdbc:postgresql://h/db?user=x&password=y'}}",
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("password=***");
    }
}
