package dev.questlog.apps;

import java.util.LinkedHashMap;
import java.util.Map;

/** A new app with its first three keys (tokens in clear, shown once). */
public record CreatedApp(String app, IssuedKey server, IssuedKey client, IssuedKey analyst) {

    /** The external JSON shape: {@code {"app":…,"server_key":…,"client_key":…,"analyst_key":…}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("server_key", server.token());
        m.put("client_key", client.token());
        m.put("analyst_key", analyst.token());
        return m;
    }

    @Override
    public String toString() {
        return "CreatedApp[" + app + ", keys " + server.info().id() + ", " + client.info().id() + ", "
                + analyst.info().id() + "]";
    }
}
