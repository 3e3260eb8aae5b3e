package dev.questlog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.questlog.testkit.SettableClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {
    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private final Logger logger = (Logger) LoggerFactory.getLogger(ThrottledLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void logsOneLinePerIntervalAndSaysHowManyItLeftOut() {
        ThrottledLog log = new ThrottledLog(logger, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 5; i++) {
            log.warn("skipping record {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("skipping record 0");
        assertThat(log.suppressed()).isEqualTo(4);

        clock.advance(Duration.ofSeconds(10));
        IOException cause = new IOException("disk full");
        log.warn("skipping record {}", 5, cause);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("skipping record 0",
                "skipping record 5 (4 more like it left out since the last line)");
        assertThat(lines.list.get(1).getThrowableProxy().getMessage()).isEqualTo("disk full");
        assertThat(log.suppressed()).isZero();
    }
}
