package dev.questlog.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP server and which roles this process takes.
 *
 * @param host  address to bind
 * @param port  TCP port; 0 picks a free one
 * @param roles the stages this process runs: ingest, lake, warehouse, hot, live, api
 */
public record ServerConfig(String host, int port, List<String> roles) {
    public static final Set<String> ALL_ROLES = Set.of("ingest", "lake", "warehouse", "hot", "live", "api");

    static final Setting<String> HOST = Setting.of("server.host", SettingType.string(), "0.0.0.0",
            "Address the HTTP server binds to.");
    static final Setting<Integer> PORT = Setting.of("server.port", SettingType.integer(0, 65535), 8080,
            "TCP port of the HTTP API and dashboard; 0 picks a free port.");
    static final Setting<List<String>> ROLES = Setting.of("server.roles",
            SettingType.stringList(Pattern.compile("ingest|lake|warehouse|hot|live|api")),
            List.of("ingest", "lake", "warehouse", "hot", "live", "api"),
            "Stages this process runs; split them over processes to scale out.");

    static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, ROLES);

    public ServerConfig {
        roles = List.copyOf(roles);
        for (String r : roles) {
            if (!ALL_ROLES.contains(r)) {
                throw new ConfigException("server.roles: unknown role '" + r + "'; allowed: " + ALL_ROLES);
            }
        }
    }

    static ServerConfig from(ResolvedSettings s) {
        return new ServerConfig(s.get(HOST), s.get(PORT), s.get(ROLES));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
