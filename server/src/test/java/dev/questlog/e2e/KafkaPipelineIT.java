package dev.questlog.e2e;

import static dev.questlog.testkit.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.kafka.KafkaBroker;
import dev.questlog.testkit.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on {@code log.backend: kafka}: events POSTed to a running server land in Kafka topics (seen
 * with Kafka's own admin client), and the lake → warehouse and hot consumers read them from there into SQL and
 * search; a rejected event is read back from the {@code failed-events} topic. A restart over the same broker resumes
 * every consumer group from its committed Kafka offsets.
 */
class KafkaPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "e2e.";

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startForTests(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static RunningServer serve(Path data) {
        return RunningServer.start(data, Map.of("log.backend", "kafka",
                "log.kafka.bootstrap_servers", broker.bootstrapServers(), "log.kafka.topic_prefix", PREFIX,
                "lake.batch.max_age", "500ms", "warehouse.load.max_age", "500ms", "hot.refresh_interval", "50ms",
                "ingest.client_rate_per_second", "0"), InstantSource.system());
    }

    @Test
    void eventsGoThroughKafkaTopicsIntoSqlAndSearchAndConsumersResumeAfterARestart() throws Exception {
        Path data = dir.resolve("data");
        String client = "player-" + UUID.randomUUID();
        try (RunningServer s = serve(data)) {
            post(s, client, 40);
            assertThat(s.app().eventLog().streams()).contains("events", "failed-events");
            assertThat(recordsInTopic(PREFIX + "events")).isEqualTo(40);
            await(() -> assertThat(search(s, client)).isEqualTo(40));
            await(() -> assertThat(sqlCount(s, client)).isEqualTo(40));

            String marker = "kafka-failed-" + UUID.randomUUID();
            s.postJson("/v1/events", s.serverKey(), "[{\"event_type\":\"x\",\"event_timestamp\":1,\"note\":\""
                    + marker + "\"}]");
            await(() -> assertThat(s.get("/v1/failed?limit=50", s.analystKey()).body()).contains(marker)
                    .contains("event_timestamp"));
        }
        assertThat(data.resolve("log")).doesNotExist(); // the stream lived in Kafka, not under the data directory

        try (RunningServer s = serve(data)) {
            post(s, client, 10);
            assertThat(recordsInTopic(PREFIX + "events")).isEqualTo(50);
            await(() -> assertThat(search(s, client)).isEqualTo(50));
            await(() -> assertThat(sqlCount(s, client)).isEqualTo(50));
            await(() -> assertThat(s.app().eventLog().lag("events", "hot").values()).allMatch(l -> l == 0));
        }
    }

    private static void post(RunningServer s, String client, int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(RunningServer.event("player_death", client, "\"level_id\":\"dust\",\"position_x\":" + i
                    + ",\"position_y\":" + (2 * i)));
        }
        HttpResponse<String> r = s.postJson("/v1/events", s.serverKey(), "[" + String.join(",", events) + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("accepted").asInt()).as(r.body()).isEqualTo(n);
    }

    private static long search(RunningServer s, String client) {
        HttpResponse<String> r = s.get("/v1/search?client_id=" + client, s.analystKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).path("total").asLong();
    }

    private static long sqlCount(RunningServer s, String client) {
        HttpResponse<String> r = s.postJson("/v1/sql", s.analystKey(),
                "{\"sql\":\"SELECT count(*) AS n FROM events WHERE client_id = '" + client + "'\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).path("rows").path(0).path(0).asLong();
    }

    /** Records in a topic, asked of the broker directly with Kafka's admin client. */
    private static long recordsInTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Set<TopicPartition> partitions = d.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, ListOffsetsResultInfo> start = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get();
            Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            return partitions.stream().mapToLong(p -> end.get(p).offset() - start.get(p).offset()).sum();
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
