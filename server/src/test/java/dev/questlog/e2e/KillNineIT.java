package dev.questlog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load: the real server ({@code Main serve}) runs as a child JVM while a producer posts batches with
 * ~10% re-sent events; the child is SIGKILLed at random moments and restarted over the same data directory. At the
 * end every acknowledged event_id must be in the warm store exactly once, in the hot tier exactly once and in the lake
 * at least once, and nothing that was never sent appears. {@code -Dquestlog.e2e.long=true} kills 15 times instead
 * of 5.
 */
@Tag("e2e")
class KillNineIT {
    private static final boolean LONG = Boolean.getBoolean("questlog.e2e.long");
    private static final int KILLS = LONG ? 15 : 5;

    @TempDir
    Path tmp;

    private volatile ChildServer current;
    private Producer producer;

    /** Whatever failed: no producer thread and no server process outlive the test. */
    @AfterEach
    void stopEverything() throws InterruptedException {
        if (producer != null) {
            producer.stop();
        }
        if (current != null) {
            current.kill();
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesRepeatedKill9ExactlyOnce() throws Exception {
        Path data = tmp.resolve("data");
        JsonNode keys = ChildServer.createApp(data, "e2e-game");
        Path config = ChildServer.writeConfig(tmp.resolve("questlog.yaml"), Map.of(
                "lake.batch.max_age", "1s", "warehouse.load.max_age", "1s", "hot.commit_interval", "500ms",
                "ingest.client_rate_per_second", "0", "log.partitions", "2", "warehouse.sql.max_rows", "10000000"));
        int port = ChildServer.freePort();
        Random random = new Random(11);
        Supplier<ChildServer> target = () -> current;
        producer = new Producer(target, keys.path("server_key").asText(), 42, 50);

        current = ChildServer.serve(data, config, port);
        Thread sender = Thread.ofPlatform().name("producer").start(producer);
        for (int kill = 0; kill < KILLS; kill++) {
            Thread.sleep(1500 + random.nextInt(3500));
            current.kill();
            Thread.sleep(random.nextInt(500)); // the producer sees refused connections meanwhile
            current = ChildServer.serve(data, config, port);
        }
        Thread.sleep(1000);
        producer.stop();
        sender.join(TimeUnit.SECONDS.toMillis(120));
        producer.drainRetries();

        String analyst = keys.path("analyst_key").asText();
        Set<String> sent = producer.sent();
        Set<String> acked = producer.acked();
        assertThat(acked.size()).as("every batch acknowledged in the end (the producer retries)").isEqualTo(sent.size());
        Map<String, Long> warm;
        Map<String, Long> hot;
        Map<String, Long> lake;
        try {
            warm = awaitCovering(acked, () -> Tiers.warm(current, analyst), "warm");
            hot = awaitCovering(acked, () -> Tiers.hot(current, analyst, Producer.CLIENTS), "hot");
            lake = awaitCovering(acked, () -> Tiers.lake(data.resolve("lake")), "lake");
        } finally {
            current.close(); // never leave a server behind, whatever failed
        }

        long warmDuplicates = warm.values().stream().filter(n -> n > 1).count();
        long hotDuplicates = hot.values().stream().filter(n -> n > 1).count();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("kills", KILLS);
        figures.put("requests", producer.requests.get());
        figures.put("failed_requests", producer.failedRequests.get());
        figures.put("events_posted_incl_resends", producer.eventsPosted.get());
        figures.put("distinct_events_sent", sent.size());
        figures.put("acknowledged", acked.size());
        figures.put("errored_before_ack", producer.failedBeforeAck().size());
        figures.put("warm_rows", warm.values().stream().mapToLong(Long::longValue).sum());
        figures.put("warm_distinct", warm.size());
        figures.put("hot_hits", hot.values().stream().mapToLong(Long::longValue).sum());
        figures.put("lake_rows", lake.values().stream().mapToLong(Long::longValue).sum());
        figures.put("lake_distinct", lake.size());
        figures.put("lost", acked.stream().filter(id -> !warm.containsKey(id)).count());
        figures.put("warm_duplicates", warmDuplicates);
        figures.put("hot_duplicates", hotDuplicates);
        Figures.record("kill_nine", figures);

        // Set differences rather than AssertJ's isSubsetOf/containsAll, which compare element by element (quadratic).
        assertThat(minus(warm.keySet(), sent)).as("warm holds only events that were sent").isEmpty();
        assertThat(minus(acked, warm.keySet())).as("acknowledged events missing in warm").isEmpty();
        assertThat(warmDuplicates).as("event_ids more than once in warm").isZero();
        assertThat(minus(hot.keySet(), sent)).as("hot holds only sent events").isEmpty();
        assertThat(minus(acked, hot.keySet())).as("acknowledged events missing in hot").isEmpty();
        assertThat(hotDuplicates).as("event_ids more than once in hot").isZero();
        assertThat(minus(lake.keySet(), sent)).as("lake holds only sent events").isEmpty();
        assertThat(minus(acked, lake.keySet())).as("acknowledged events missing in the lake").isEmpty();
        assertThat(producer.failedRequests.get()).as("the kills did interrupt the producer").isPositive();
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** Polls a tier (at most 3 minutes) until it holds every acknowledged id; returns its last counts. */
    private static Map<String, Long> awaitCovering(Set<String> acked, Supplier<Map<String, Long>> tier, String name)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            Map<String, Long> counts = tier.get();
            long missing = acked.stream().filter(id -> !counts.containsKey(id)).count();
            if (missing == 0 || System.nanoTime() > deadline) {
                if (missing > 0) {
                    System.out.println("[e2e] " + name + " still misses " + missing + " acknowledged events");
                }
                return counts;
            }
            Thread.sleep(500);
        }
    }
}
