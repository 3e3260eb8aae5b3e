package dev.questlog.sim;

/** A simulated player: identity, team and current session. Mutable; owned by the generator's thread. */
final class Player {
    final String id;
    final String platform;
    final int team;
    String sessionId;
    long sessionStartMillis;
    /** Last {@code seq} used in the current session. */
    long seq;

    Player(String id, String platform, int team) {
        this.id = id;
        this.platform = platform;
        this.team = team;
    }

    boolean inSession() {
        return sessionId != null;
    }
}
