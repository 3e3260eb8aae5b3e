package dev.questlog.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code apps.json}: apps and keys (hashes only). Immutable; mutations return a new state.
 *
 * @param version format version, 1
 * @param apps    apps by creation order
 * @param keys    keys by creation order
 */
record RegistryState(int version, List<StoredApp> apps, List<StoredKey> keys) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static final RegistryState EMPTY = new RegistryState(1, List.of(), List.of());

    RegistryState {
        apps = List.copyOf(apps == null ? List.of() : apps);
        keys = List.copyOf(keys == null ? List.of() : keys);
    }

    /** @param name app name; @param createdAt epoch ms */
    record StoredApp(String name, long createdAt) {
    }

    /** @param sha256 hex of the token's SHA-256; @param revokedAt epoch ms or 0 */
    record StoredKey(String id, String app, String kind, String sha256, long createdAt, long revokedAt) {
        KeyInfo info() {
            return new KeyInfo(id, app, KeyKind.parse(kind), createdAt, revokedAt);
        }
    }

    static RegistryState read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), RegistryState.class);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read app registry " + file, e);
        }
    }

    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, StoredKey> keysById() {
        Map<String, StoredKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.id(), k));
        return byId;
    }

    boolean hasApp(String name) {
        return apps.stream().anyMatch(a -> a.name().equals(name));
    }

    RegistryState withApp(StoredApp app) {
        List<StoredApp> a = new ArrayList<>(apps);
        a.add(app);
        return new RegistryState(version, a, keys);
    }

    RegistryState withKey(StoredKey key) {
        List<StoredKey> k = new ArrayList<>(keys);
        k.add(key);
        return new RegistryState(version, apps, k);
    }

    RegistryState revoked(String keyId, long atMillis) {
        List<StoredKey> k = new ArrayList<>();
        for (StoredKey key : keys) {
            k.add(key.id().equals(keyId) && key.revokedAt() == 0
                    ? new StoredKey(key.id(), key.app(), key.kind(), key.sha256(), key.createdAt(), atMillis) : key);
        }
        return new RegistryState(version, apps, k);
    }
}
