package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void versionPrintsTheBuildAndTheRuntime() {
        CliRun r = run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("questlog ").contains("java ");
    }

    @Test
    void configDefaultsPrintsYamlWithComments() {
        CliRun r = run("config", "defaults");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("log:\n").contains("  partitions: 8").contains("# allowed:");
    }

    @Test
    void aMissingConfigFileIsAOneLineError() {
        CliRun r = run("config", "check", "--config", "/no/such/questlog.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--config /no/such/questlog.yaml: no such file");
    }

    @Test
    void unknownCommandFails() {
        CliRun r = run("no-such-command");
        assertThat(r.code()).isNotZero();
    }
}
