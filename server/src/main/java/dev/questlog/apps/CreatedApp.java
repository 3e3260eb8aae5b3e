package dev.questlog.apps;

/** A new app with its first three keys (tokens in clear, shown once). */
public record CreatedApp(String app, IssuedKey server, IssuedKey client, IssuedKey analyst) {
}
