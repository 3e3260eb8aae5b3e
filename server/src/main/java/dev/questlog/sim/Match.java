package dev.questlog.sim;

import java.util.List;

/** A group of players that play match after match on one game server. Mutable; owned by the generator's thread. */
final class Match {
    enum State { LOBBY, PLAYING }

    final String serverId;
    final List<Player> players;
    State state = State.LOBBY;
    GameMap map;
    String matchId;
    long startedMillis;
    int kills;
    int killTarget;

    Match(String serverId, List<Player> players) {
        this.serverId = serverId;
        this.players = List.copyOf(players);
    }

    /** A random player of this match. */
    Player anyone(java.util.random.RandomGenerator rng) {
        return players.get(rng.nextInt(players.size()));
    }

    /** A random player of the other team than {@code p}, or any other player when the match is one-sided. */
    Player opponentOf(Player p, java.util.random.RandomGenerator rng) {
        for (int tries = 0; tries < 16; tries++) {
            Player q = anyone(rng);
            if (q.team != p.team) {
                return q;
            }
        }
        return anyone(rng);
    }
}
