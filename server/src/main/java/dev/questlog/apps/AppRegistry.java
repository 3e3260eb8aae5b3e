package dev.questlog.apps;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Apps and their API keys. Keys are random bearer tokens; only their SHA-256 hashes are stored, and a presented
 * token is compared with the stored hash in constant time.
 *
 * <p>Durability: every mutating method returns only once the change is on disk (written atomically and fsynced).
 * Several processes (a running server and the CLI) may share one registry directory: mutations are serialised with
 * a file lock, and readers pick up another process's changes within about a second, and at once when they meet an
 * unknown key. Revocation is effective at once in the process that revoked.
 *
 * <p>Thread-safety: all methods may be called from many threads.
 */
public interface AppRegistry {

    /** Opens (creating if needed) the registry stored in {@code dir} (normally {@code <data_dir>/apps}). */
    static AppRegistry open(Path dir, InstantSource clock) {
        return FileAppRegistry.open(dir, clock);
    }

    /** The principal of an active key, or empty for an unknown, malformed or revoked token. */
    Optional<Principal> authenticate(String token);

    /**
     * Creates an app with a server, a client and an analyst key.
     *
     * @throws IllegalArgumentException when the name is invalid or the app exists
     */
    CreatedApp createApp(String name);

    /** Every app with its keys, by name. */
    List<AppInfo> apps();

    /** The app, if it exists. */
    Optional<AppInfo> app(String name);

    /**
     * Creates a key of {@code kind} for {@code app} ({@code app} must be null for admin keys).
     *
     * @throws IllegalArgumentException when the app does not exist or app and kind do not fit
     */
    IssuedKey createKey(String app, KeyKind kind);

    /** Revokes a key; returns false when no such key exists. Idempotent. */
    boolean revoke(String keyId);

    /** Creates an admin key when no active one exists; returns it then (its token is shown only now). */
    Optional<IssuedKey> ensureAdminKey();
}
