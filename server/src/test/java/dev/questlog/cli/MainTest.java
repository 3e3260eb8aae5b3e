package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void versionPrintsTheBuildAndTheRuntime() {
        Run r = run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("questlog ").contains("java ");
    }

    @Test
    void configDefaultsPrintsYamlWithComments() {
        Run r = run("config", "defaults");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("log:\n").contains("  partitions: 8").contains("# allowed:");
    }

    @Test
    void aMissingConfigFileIsAOneLineError() {
        Run r = run("config", "check", "--config", "/no/such/questlog.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--config /no/such/questlog.yaml: no such file");
    }

    @Test
    void unknownCommandFails() {
        Run r = run("no-such-command");
        assertThat(r.code()).isNotZero();
    }
}
