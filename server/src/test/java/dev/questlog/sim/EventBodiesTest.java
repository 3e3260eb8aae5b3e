package dev.questlog.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EventBodiesTest {
    @Test
    void bodiesAreJsonArraysOfStampedEventsAndReproducible() throws Exception {
        SimulationOptions options = SimulationOptions.defaults().withPlayers(16);
        List<byte[]> bodies = EventBodies.build(options, 1_763_800_000_000L, 3, 100, true);
        assertThat(bodies).hasSize(3);
        JsonNode first;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bodies.get(0)))) {
            first = new ObjectMapper().readTree(in);
        }
        assertThat(first.isArray()).isTrue();
        assertThat(first).hasSize(100);
        for (JsonNode e : first) {
            assertThat(e.has("event_id") && e.has("event_type") && e.has("sent_at")).isTrue();
        }
        assertThat(EventBodies.build(options, 1_763_800_000_000L, 3, 100, true).get(2)).isEqualTo(bodies.get(2));
    }
}
