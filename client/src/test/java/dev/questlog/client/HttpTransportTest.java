package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private final List<String> ids = List.of("id-0", "id-1", "id-2");

    @Test
    void readsAcceptedAndRejectedFromTheAnswer() {
        SendOutcome.Answered a = HttpTransport.parseAnswer(bytes("{\"accepted\":2,\"rejected\":[{\"index\":1,"
                + "\"event_id\":null,\"reason\":\"event_type: bad\",\"extra\":{\"x\":[1]}}],\"other\":true}"), ids);
        assertThat(a.accepted()).isEqualTo(2);
        assertThat(a.rejected()).containsExactly(new Rejection("id-1", "event_type: bad"));
    }

    @Test
    void unreadable200CountsAsAccepted() {
        assertThat(HttpTransport.parseAnswer(bytes("ok"), ids).accepted()).isEqualTo(3);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
