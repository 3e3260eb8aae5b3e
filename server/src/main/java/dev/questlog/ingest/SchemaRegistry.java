package dev.questlog.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.questlog.apps.AppNames;
import dev.questlog.apps.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JSON Schemas per (app, event_type), stored as {@code <dir>/<app>/<event_type>.json} (written atomically) and
 * compiled once. Events of a type without a schema skip validation entirely, so the common case costs one map
 * lookup. Validation uses networknt's json-schema-validator (draft 2020-12 unless the schema says otherwise).
 * Thread-safe.
 */
public final class SchemaRegistry {
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final Path dir;
    private final Map<String, Map<String, JsonSchema>> byApp = new ConcurrentHashMap<>();

    private SchemaRegistry(Path dir) {
        this.dir = dir;
    }

    /** Opens the registry in {@code dir} (normally {@code <data_dir>/schemas}), loading every stored schema. */
    public static SchemaRegistry open(Path dir) {
        SchemaRegistry r = new SchemaRegistry(AtomicFiles.ownerOnlyDirectory(dir));
        try (Stream<Path> apps = Files.list(dir)) {
            for (Path appDir : apps.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(appDir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                        String type = f.getFileName().toString().replaceFirst("\\.json$", "");
                        r.schemas(appDir.getFileName().toString()).put(type, compile(Files.readAllBytes(f)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas in " + dir, e);
        }
        return r;
    }

    /**
     * Registers (or replaces) the schema of an event type; durable on return.
     *
     * @throws IllegalArgumentException when the names are invalid or the schema is not valid JSON Schema
     */
    public void put(String app, String eventType, byte[] schemaJson) {
        AppNames.require(app);
        if (!EVENT_TYPE.matcher(eventType).matches()) {
            throw new IllegalArgumentException("event_type must match [A-Za-z0-9_.-]{1,64}, was '" + eventType + "'");
        }
        JsonSchema schema = compile(schemaJson);
        Path appDir = AtomicFiles.ownerOnlyDirectory(dir.resolve(app));
        AtomicFiles.write(appDir.resolve(eventType + ".json"), schemaJson);
        schemas(app).put(eventType, schema);
    }

    /** The stored schema text of an event type, if any. */
    public Optional<String> get(String app, String eventType) {
        if (!schemas(app).containsKey(eventType)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(dir.resolve(app).resolve(eventType + ".json")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the event type has a schema, i.e. when {@link #validate} has work to do. */
    boolean has(String app, String eventType) {
        Map<String, JsonSchema> m = byApp.get(app);
        return m != null && m.containsKey(eventType);
    }

    /**
     * The event types of {@code app} that have a schema (a live view), so that a request looks its app up once and
     * then each event's type in a set that is usually empty.
     */
    Set<String> typesWithSchema(String app) {
        Map<String, JsonSchema> m = byApp.get(app);
        return m == null || m.isEmpty() ? Set.of() : m.keySet();
    }

    /** The first violation of the type's schema by this event's JSON, or empty when it conforms (or has none). */
    Optional<String> validate(String app, String eventType, byte[] eventJson) {
        Map<String, JsonSchema> m = byApp.get(app);
        JsonSchema schema = m == null ? null : m.get(eventType);
        if (schema == null) {
            return Optional.empty();
        }
        try {
            List<ValidationMessage> errors = List.copyOf(schema.validate(JSON.readTree(eventJson)));
            return errors.isEmpty() ? Optional.empty()
                    : Optional.of("schema of " + eventType + ": " + errors.get(0).getMessage());
        } catch (IOException e) {
            return Optional.of("schema of " + eventType + ": not JSON: " + e.getMessage());
        }
    }

    private Map<String, JsonSchema> schemas(String app) {
        return byApp.computeIfAbsent(app, a -> new ConcurrentHashMap<>());
    }

    private static JsonSchema compile(byte[] schemaJson) {
        JsonNode node;
        try {
            node = JSON.readTree(schemaJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a JSON Schema must be a JSON object");
        }
        try {
            JsonSchema schema = FACTORY.getSchema(node);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid JSON Schema: " + e.getMessage());
        }
    }
}
