package dev.questlog.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --key}/{@code --url}: the options of the commands that can ask a running server instead of the data dir. */
final class ServerAccess {
    @Option(names = "--key", paramLabel = "KEY", description = "Analyst key: ask the running server instead.")
    String key;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Server address for --key (default ${DEFAULT-VALUE}).")
    String url;

    /** True when the command should ask the server. */
    boolean remote() {
        return key != null;
    }

    /** The server's address for {@code pathAndQuery} (e.g. {@code /v1/sql}). */
    URI uri(String pathAndQuery) {
        return URI.create(url.replaceAll("/+$", "") + pathAndQuery);
    }

    /** The value of the Authorization header. */
    String bearer() {
        return "Bearer " + key;
    }
}
