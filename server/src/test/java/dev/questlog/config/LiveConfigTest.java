package dev.questlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveConfigTest {
    @TempDir
    Path dir;

    private QuestLogConfig load(String yaml) throws Exception {
        Path file = dir.resolve("questlog.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.standard().load(Optional.of(file), Map.of(), Map.of());
    }

    @Test
    void alertRulesAreReadFromYaml() throws Exception {
        QuestLogConfig c = load("""
                live:
                  allowed_lateness: 2s
                  alerts:
                    webhook_url: http://127.0.0.1:9/hook
                    rules:
                      - name: crash_spike
                        metric: crashes
                        window: 1m
                        comparison: '>'
                        threshold: 10
                        cooldown: 5m
                      - name: usd_revenue_drop
                        metric: revenue
                        filter: {currency: USD, app: game}
                        window: 10s
                        comparison: lt
                        threshold: 0.5
                hot:
                  drop_event_types: [combat_hit, footstep]
                """);
        assertThat(c.live().allowedLateness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.live().alertWebhookUrl()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(c.live().alertRules()).hasSize(2);
        AlertRule revenue = c.live().alertRules().get(1);
        assertThat(revenue.filter()).isEqualTo(Map.of("currency", "USD", "app", "game"));
        assertThat(revenue.comparison()).isEqualTo(AlertRule.Comparison.LT);
        assertThat(revenue.cooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.hot().dropEventTypes()).containsExactly("combat_hit", "footstep");
    }

    @Test
    void badRulesAreErrorsNamingTheProblem() {
        assertThatThrownBy(() -> load("live: {alerts: {rules: [{name: x, metric: nope, threshold: 1}]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown metric 'nope'");
        assertThatThrownBy(() -> load("live: {alerts: {rules: [{name: x, metric: crashes, threshold: 1, "
                + "window: 5m}]}}")).isInstanceOf(ConfigException.class).hasMessageContaining("window must be 10s or 1m");
        assertThatThrownBy(() -> load("live: {alerts: {rules: [{name: x, metric: crashes, threshold: 1, "
                + "colour: red}]}}")).isInstanceOf(ConfigException.class).hasMessageContaining("unknown rule key 'colour'");
    }

    @Test
    void defaultsDropCombatHitsAndKeepSevenDays() {
        assertThat(HotConfig.defaults().dropEventTypes()).containsExactly("combat_hit");
        assertThat(HotConfig.defaults().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(LiveConfig.defaults().alertRules()).isEmpty();
    }
}
