package dev.questlog.sim;

import dev.questlog.client.ClientEvent;
import java.util.Objects;

/**
 * One event the simulator sends, with the key it is sent with and why it exists.
 *
 * @param channel which producer sends it: the game server (server key) or a game client (client key)
 * @param event   the event
 * @param kind    plain gameplay, or one of the deliberate faults
 */
public record SimEvent(Channel channel, ClientEvent event, Kind kind) {
    /** Who sends an event. */
    public enum Channel { SERVER, CLIENT }

    /** Why an event is sent. */
    public enum Kind {
        /** Gameplay, on time. */
        NORMAL,
        /** Gameplay delivered minutes to hours after it happened. */
        LATE,
        /** An exact re-send of an earlier event (same id, seq and timestamp). */
        DUPLICATE,
        /** Deliberately invalid: the server must reject it. */
        INVALID
    }

    public SimEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(kind, "kind");
    }
}
