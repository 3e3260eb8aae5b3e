package dev.questlog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {
    private static String errorOf(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).isEqualTo(2);
            return err.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() {
        assertThat(errorOf("simulate", "--url", "http://127.0.0.1:1", "--key", "k", "--invalid-rate", "2"))
                .contains("invalid rate must be in [0, 1], was 2.0");
        assertThat(errorOf("simulate", "--url", "http://127.0.0.1:1", "--key", "k", "--connections", "0"))
                .contains("connections must be in 1..256, was 0");
        assertThat(errorOf("simulate", "--url", "http://127.0.0.1:1", "--key", "k", "--duration", "soon"))
                .contains("'soon' is not a duration");
        assertThat(errorOf("simulate", "--key", "k")).contains("--url");
    }

    @Test
    void durationsReadShortFormsNegativesAndIso() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("-90s")).isEqualTo(Duration.ofSeconds(-90));
        assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> c.convert("1 fortnight")).hasMessageContaining("fortnight");
    }
}
