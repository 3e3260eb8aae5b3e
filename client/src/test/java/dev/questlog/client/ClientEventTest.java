package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientEventTest {
    @Test
    void writesEnvelopeFirstThenFieldsInOrderThenSeq() {
        ClientEvent e = ClientEvent.builder("player_death").timestampMillis(1_505_491_200_685L)
                .clientId("c1").levelId("dust_valley").position(78.35, 39.192).set("weapon", "rifle").build()
                .withSeq(3);
        String json = new String(EventWriter.write(e), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"event_id\":\"" + e.eventId() + "\",\"event_type\":\"player_death\","
                + "\"event_timestamp\":1505491200685,\"client_id\":\"c1\",\"level_id\":\"dust_valley\","
                + "\"position_x\":78.35,\"position_y\":39.192,\"weapon\":\"rifle\",\"seq\":3}");
    }

    @Test
    void copiesNestedValuesSoLaterChangesDoNotLeakIn() {
        List<Object> items = new ArrayList<>(List.of("sword"));
        Map<String, Object> loadout = new LinkedHashMap<>(Map.of("items", items));
        ClientEvent e = ClientEvent.builder("item_purchase").set("loadout", loadout).build();
        items.add("shield");
        loadout.put("gold", 5);
        assertThat(new String(EventWriter.write(e), StandardCharsets.UTF_8))
                .contains("\"loadout\":{\"items\":[\"sword\"]}");
    }

    @Test
    void aBuilderReusedAfterBuildDoesNotChangeTheBuiltEvent() {
        ClientEvent.Builder b = ClientEvent.builder("hit").set("damage", 5);
        ClientEvent first = b.build();
        ClientEvent second = b.set("damage", 7).set("crit", true).build();
        assertThat(first.fields()).containsExactly(Map.entry("damage", 5));
        assertThat(second.fields()).containsEntry("damage", 7).containsEntry("crit", true);
    }

    @Test
    void refusesReservedNamesAndNonJsonValues() {
        assertThatThrownBy(() -> ClientEvent.builder("x").set("sent_at", 1).build()).hasMessageContaining("sent_at");
        assertThatThrownBy(() -> ClientEvent.builder("x").set("fps", Double.NaN))
                .hasMessageContaining("fps").hasMessageContaining("NaN");
        assertThatThrownBy(() -> ClientEvent.builder("x").set("when", new Object()))
                .hasMessageContaining("when").hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> ClientEvent.builder("x").set("a", 1, "b")).hasMessageContaining("3 arguments");
    }

    @Test
    void bodyStampsSentAtIntoEveryEvent() {
        byte[] a = EventWriter.write(ClientEvent.builder("a").timestampMillis(1).build());
        byte[] b = EventWriter.write(ClientEvent.builder("b").timestampMillis(2).build());
        String body = new String(EventWriter.body(List.of(a, b), 99, false), StandardCharsets.UTF_8);
        assertThat(body).startsWith("[{").endsWith("}]");
        assertThat(body.split("\"sent_at\":99}", -1)).hasSize(3);
    }
}
