package dev.questlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AttributesTest {
    @Test
    void builderKeepsOrderAndCompactsRawText() {
        Attributes a = Attributes.builder().raw("b", " [ 1 , \"x y\" ] ").string("a", "q\"u").number("n", 2.5)
                .number("i", 7).bool("t", true).build();
        assertThat(a.asMap()).containsExactly(Map.entry("b", "[1,\"x y\"]"), Map.entry("a", "\"q\\\"u\""),
                Map.entry("n", "2.5"), Map.entry("i", "7"), Map.entry("t", "true"));
        assertThat(a.text("a")).contains("q\"u");
        assertThat(a.raw("missing")).isEmpty();
        assertThat(a.size()).isEqualTo(5);
    }

    @Test
    void equalityIsByNamesAndTextsInOrder() {
        Attributes ab = Attributes.builder().number("a", 1).number("b", 2).build();
        Attributes ba = Attributes.builder().number("b", 2).number("a", 1).build();
        assertThat(ab).isEqualTo(Attributes.builder().number("a", 1).number("b", 2).build()).isNotEqualTo(ba);
        assertThat(ab.hashCode()).isEqualTo(Attributes.builder().number("a", 1).number("b", 2).build().hashCode());
        assertThat(Attributes.builder().raw("x", "1.50").build()).isNotEqualTo(Attributes.builder().raw("x", "1.5")
                .build());
    }

    @Test
    void rejectsEnvelopeNamesDuplicatesAndBadJson() {
        assertThatThrownBy(() -> Attributes.builder().number("event_id", 1))
                .hasMessage("attribute name must not be an envelope field, was \"event_id\"");
        assertThatThrownBy(() -> Attributes.builder().number("a", 1).number("a", 2))
                .hasMessage("duplicate attribute \"a\"");
        assertThatThrownBy(() -> Attributes.builder().raw("a", "{")).hasMessage("attribute value must be JSON text, "
                + "was {");
        assertThatThrownBy(() -> Attributes.builder().raw("a", "1 2"))
                .hasMessage("attribute value must be one JSON value, was 1 2");
    }

    @Test
    void eventValidatesItsEnvelope() {
        assertThatThrownBy(() -> Event.of("nope", "t", 1)).hasMessage("event_id: not a UUID: \"nope\"");
        assertThatThrownBy(() -> Event.of(EventFixtures.EVENT_ID, "a b", 1))
                .hasMessage("event_type: must match [A-Za-z0-9_.-]{1,64}, was \"a b\"");
        assertThat(Event.of(EventFixtures.EVENT_ID.toUpperCase(java.util.Locale.ROOT), "t", 1).eventId())
                .isEqualTo(EventFixtures.EVENT_ID);
        assertThatThrownBy(() -> new Event(EventFixtures.EVENT_ID, "t", 1, null, null, null, null, null, null,
                Double.NaN, null, null, null, null)).hasMessage("position_x: must be a finite number, was NaN");
    }
}
