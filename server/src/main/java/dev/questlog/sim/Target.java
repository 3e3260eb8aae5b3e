package dev.questlog.sim;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how the simulator sends.
 *
 * @param url         the collector's base URL
 * @param serverKey   key for game-server events
 * @param clientKey   key for game-client events (may equal {@code serverKey})
 * @param connections SDK clients per key, each with one request in flight (players are spread over them by
 *                    client_id); more than one only for load generation
 * @param gzip        whether request bodies are gzip-compressed (real games do; a load test on one machine may not,
 *                    to leave the CPU to the collector)
 */
public record Target(URI url, String serverKey, String clientKey, int connections, boolean gzip) {
    public Target {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(clientKey, "clientKey");
        if (connections < 1 || connections > 256) {
            throw new IllegalArgumentException("connections must be in 1..256, was " + connections);
        }
    }

    /** One connection per key, gzip on. */
    public static Target of(URI url, String serverKey, String clientKey) {
        return new Target(url, serverKey, clientKey, 1, true);
    }

    public Target withConnections(int n) {
        return new Target(url, serverKey, clientKey, n, gzip);
    }

    public Target withGzip(boolean on) {
        return new Target(url, serverKey, clientKey, connections, on);
    }
}
