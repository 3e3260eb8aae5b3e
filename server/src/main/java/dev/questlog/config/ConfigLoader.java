package dev.questlog.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the configuration: defaults, then the YAML file, then {@code QUESTLOG_…} environment variables, then
 * command-line overrides (each later source wins). Unknown keys and bad values are errors naming the key, the
 * value and what is allowed. Stateless and thread-safe.
 */
public final class ConfigLoader {
    /** Environment variables with the QUESTLOG_ prefix that are not settings (read by the launcher). */
    private static final Set<String> NOT_SETTINGS = Set.of("QUESTLOG_JAVA_OPTS", "QUESTLOG_LOG_LEVEL", "QUESTLOG_JAVA_MAJOR");

    private final List<Setting<?>> settings;

    public ConfigLoader(List<Setting<?>> settings) {
        this.settings = List.copyOf(settings);
    }

    /** The loader for every setting QuestLog declares. */
    public static ConfigLoader standard() {
        return new ConfigLoader(SettingsRegistry.all());
    }

    /**
     * @param file      the YAML file, if any
     * @param env       the environment (normally {@code System.getenv()})
     * @param overrides dotted key → text, from command-line flags such as {@code --port}
     */
    public QuestLogConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
        return QuestLogConfig.from(resolve(file, env, overrides));
    }

    public ResolvedSettings resolve(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Setting<?>> byKey = new HashMap<>();
        settings.forEach(s -> byKey.put(s.key(), s));
        Map<String, Object> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        settings.forEach(s -> values.put(s.key(), s.defaultValue()));

        if (file.isPresent()) {
            JsonNode root = readYaml(file.get());
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                if (!root.isObject()) {
                    throw new ConfigException(file.get() + ": the configuration must be a YAML map of keys");
                }
                walk(root, "", byKey, values, sources, file.get().toString());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("QUESTLOG_") || NOT_SETTINGS.contains(e.getKey())) {
                continue;
            }
            Setting<?> s = settings.stream().filter(x -> x.envName().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new ConfigException("unknown environment variable " + e.getKey()
                            + ": no setting has that name (see ./questlog config defaults)"));
            values.put(s.key(), parseText(s, e.getValue(), "environment variable " + e.getKey()));
            sources.put(s.key(), "env " + e.getKey());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Setting<?> s = byKey.get(e.getKey());
            if (s == null) {
                throw new ConfigException("unknown setting '" + e.getKey() + "'");
            }
            values.put(s.key(), parseText(s, e.getValue(), "command line"));
            sources.put(s.key(), "command line");
        }
        return new ResolvedSettings(values, sources);
    }

    private static JsonNode readYaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    private void walk(JsonNode node, String prefix, Map<String, Setting<?>> byKey, Map<String, Object> values,
                      Map<String, String> sources, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            Setting<?> s = byKey.get(key);
            if (s != null) {
                values.put(key, parseNode(s, f.getValue(), origin));
                sources.put(key, origin);
            } else if (f.getValue().isObject() && isSection(key)) {
                walk(f.getValue(), key, byKey, values, sources, origin);
            } else {
                throw new ConfigException(origin + ": unknown key '" + key + "'" + suggestion(key));
            }
        }
    }

    private boolean isSection(String key) {
        return settings.stream().anyMatch(s -> s.key().startsWith(key + "."));
    }

    private String suggestion(String key) {
        String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
        List<String> siblings = settings.stream().map(Setting::key)
                .filter(k -> section.isEmpty() ? !k.contains(".") : k.startsWith(section + ".")).sorted().toList();
        return siblings.isEmpty() ? " (see ./questlog config defaults)"
                : " (known keys here: " + String.join(", ", siblings) + ")";
    }

    private static Object parseNode(Setting<?> s, JsonNode node, String origin) {
        try {
            return s.type().parse(node);
        } catch (IllegalArgumentException e) {
            throw bad(s, node.isValueNode() ? node.asText() : node.toString(), origin, e);
        }
    }

    private static Object parseText(Setting<?> s, String text, String origin) {
        try {
            return s.type().parseText(text);
        } catch (IllegalArgumentException e) {
            throw bad(s, text, origin, e);
        }
    }

    private static ConfigException bad(Setting<?> s, String value, String origin, IllegalArgumentException e) {
        return new ConfigException(origin + ": bad value '" + value + "' for " + s.key() + " (" + e.getMessage()
                + "); allowed: " + s.type().allowed());
    }
}
