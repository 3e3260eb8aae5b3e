package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.apps.KeyKind;
import dev.questlog.apps.Principal;
import dev.questlog.config.ConfigLoader;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.log.EventLog;
import dev.questlog.log.local.LocalLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest.append_timeout}: a request whose events the log does not make durable in time is answered 503 (so
 * the producer retries) instead of waiting forever, the next request is served, and served requests leave no
 * timeout task behind.
 */
class AppendTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void anAppendNotDurableInTimeIsAnswered503AndTheCollectorKeepsServing() throws Exception {
        QuestLogConfig config = ConfigLoader.standard().load(Optional.empty(), Map.of(),
                Map.of("ingest.append_timeout", "1s"));
        InstantSource clock = InstantSource.system();
        boolean[] stall = {true};
        try (EventLog real = LocalLog.open(config.log(), dir.resolve("log"), clock)) {
            // The real log, except that while stall[0] holds, appends to "events" never complete (a stuck disk).
            EventLog log = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                    new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                        if (stall[0] && method.getName().equals("append") && Collector.EVENTS.equals(args[0])) {
                            return new CompletableFuture<>();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Collector collector = Collector.create(config.ingest(), config.collector(), log,
                    SchemaRegistry.open(dir.resolve("schemas")), dir, clock, new SimpleMeterRegistry());

            long t0 = System.nanoTime();
            Throwable failure = null;
            try {
                collector.ingest(request()).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(IngestException.class)
                    .hasMessageContaining("did not make the events durable within 1000 ms");
            assertThat(((IngestException) failure).status()).isEqualTo(503);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(1000);

            stall[0] = false;
            assertThat(collector.ingest(request()).get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
            // the served request's timeout left the scheduler's queue when the append completed (the cancel runs on
            // the thread that completed it, possibly just after the answer)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (LogCollector.pendingTimeouts() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(LogCollector.pendingTimeouts()).isZero();
        }
    }

    private static IngestRequest request() {
        String body = "[{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"login\",\"event_timestamp\":"
                + System.currentTimeMillis() + ",\"client_id\":\"p1\"}]";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new IngestRequest(new Principal("game", KeyKind.SERVER, "k1"), new ByteArrayInputStream(bytes),
                bytes.length, "application/json", null);
    }
}
