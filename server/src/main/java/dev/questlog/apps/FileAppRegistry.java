package dev.questlog.apps;

import dev.questlog.apps.RegistryState.StoredApp;
import dev.questlog.apps.RegistryState.StoredKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The registry in {@code <dir>/apps.json}. Reads serve from an immutable in-memory snapshot; a change of the file
 * by another process (its modification time or size) is noticed at most {@link #RECHECK_NANOS} later, or at once
 * when an unknown key id is presented. Mutations run under an exclusive file lock on {@code <dir>/apps.lock}: read
 * the file, apply, write atomically, publish the snapshot.
 */
final class FileAppRegistry implements AppRegistry {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int TOKEN_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Path lockFile;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Snapshot snapshot;
    private volatile long lastCheckNanos;

    /** The loaded state with its file stamp and a lookup by key id. */
    private record Snapshot(RegistryState state, Map<String, StoredKey> keysById, String stamp) {
        static Snapshot of(RegistryState state, String stamp) {
            return new Snapshot(state, state.keysById(), stamp);
        }
    }

    private FileAppRegistry(Path dir, InstantSource clock) {
        this.file = dir.resolve("apps.json");
        this.lockFile = dir.resolve("apps.lock");
        this.clock = clock;
    }

    static FileAppRegistry open(Path dir, InstantSource clock) {
        AtomicFiles.ownerOnlyDirectory(dir);
        FileAppRegistry r = new FileAppRegistry(dir, clock);
        r.reload();
        return r;
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith("ql_") || token.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        String id = keyId(hash);
        refreshIfStale(false);
        StoredKey key = snapshot.keysById().get(id);
        if (key == null && refreshIfStale(true)) {
            key = snapshot.keysById().get(id);
        }
        if (key == null || key.revokedAt() != 0 || !MessageDigest.isEqual(HEX.parseHex(key.sha256()), hash)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(key.app(), KeyKind.parse(key.kind()), key.id()));
    }

    @Override
    public CreatedApp createApp(String name) {
        AppNames.require(name);
        List<IssuedKey> issued = new ArrayList<>();
        mutate(state -> {
            if (state.hasApp(name)) {
                throw new IllegalArgumentException("app '" + name + "' already exists");
            }
            issued.clear();
            RegistryState s = state.withApp(new StoredApp(name, clock.millis()));
            for (KeyKind kind : List.of(KeyKind.SERVER, KeyKind.CLIENT, KeyKind.ANALYST)) {
                s = addKey(s, name, kind, issued);
            }
            return s;
        });
        return new CreatedApp(name, issued.get(0), issued.get(1), issued.get(2));
    }

    @Override
    public List<AppInfo> apps() {
        refreshIfStale(false);
        RegistryState s = snapshot.state();
        return s.apps().stream().map(a -> info(s, a)).sorted((x, y) -> x.name().compareTo(y.name())).toList();
    }

    @Override
    public Optional<AppInfo> app(String name) {
        return apps().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public IssuedKey createKey(String app, KeyKind kind) {
        if ((app == null) != (kind == KeyKind.ADMIN)) {
            throw new IllegalArgumentException(kind == KeyKind.ADMIN ? "admin keys belong to no app"
                    : "a " + kind.wireName() + " key needs an app");
        }
        List<IssuedKey> issued = new ArrayList<>();
        mutate(state -> {
            if (app != null && !state.hasApp(app)) {
                throw new IllegalArgumentException("no app named '" + app + "'");
            }
            issued.clear();
            return addKey(state, app, kind, issued);
        });
        return issued.get(0);
    }

    @Override
    public boolean revoke(String keyId) {
        boolean[] found = {false};
        mutate(state -> {
            found[0] = state.keysById().containsKey(keyId);
            return found[0] ? state.revoked(keyId, clock.millis()) : state;
        });
        return found[0];
    }

    @Override
    public Optional<IssuedKey> ensureAdminKey() {
        List<IssuedKey> issued = new ArrayList<>();
        mutate(state -> {
            issued.clear();
            boolean hasAdmin = state.keys().stream()
                    .anyMatch(k -> k.kind().equals(KeyKind.ADMIN.wireName()) && k.revokedAt() == 0);
            return hasAdmin ? state : addKey(state, null, KeyKind.ADMIN, issued);
        });
        return issued.stream().findFirst();
    }

    private RegistryState addKey(RegistryState state, String app, KeyKind kind, List<IssuedKey> issued) {
        byte[] secret = new byte[TOKEN_BYTES];
        String token;
        String id;
        do {
            random.nextBytes(secret);
            token = "ql_" + kind.wireName() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            id = keyId(sha256(token));
        } while (state.keysById().containsKey(id));
        StoredKey key = new StoredKey(id, app, kind.wireName(), HEX.formatHex(sha256(token)), clock.millis(), 0);
        issued.add(new IssuedKey(key.info(), token));
        return state.withKey(key);
    }

    private static AppInfo info(RegistryState s, StoredApp a) {
        return new AppInfo(a.name(), a.createdAt(),
                s.keys().stream().filter(k -> a.name().equals(k.app())).map(StoredKey::info).toList());
    }

    /** Applies a change under the cross-process lock, to the state currently on disk, and persists it. */
    private synchronized void mutate(UnaryOperator<RegistryState> change) {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            RegistryState current = RegistryState.read(file);
            RegistryState next = change.apply(current);
            if (next != current) {
                AtomicFiles.write(file, next.toBytes());
            }
            snapshot = Snapshot.of(next, stamp());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock app registry " + lockFile, e);
        }
    }

    /** Reloads when the file changed; returns true when it reloaded. {@code force} skips the rate limit. */
    private boolean refreshIfStale(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCheckNanos < RECHECK_NANOS) {
            return false;
        }
        lastCheckNanos = now;
        if (stamp().equals(snapshot.stamp())) {
            return false;
        }
        reload();
        return true;
    }

    private synchronized void reload() {
        String stamp = stamp();
        snapshot = Snapshot.of(RegistryState.read(file), stamp);
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** A key's public id: derived from the token's hash, so a lookup needs no scan and reveals nothing secret. */
    static String keyId(byte[] hash) {
        return "k" + HEX.formatHex(hash, 0, 8);
    }
}
