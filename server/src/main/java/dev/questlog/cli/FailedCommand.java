package dev.questlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./questlog failed tail}: the newest rejected events with their reasons, from a running server. */
@Command(name = "failed", description = "Read rejected events back (stream failed-events) from a running server.",
        subcommands = {FailedCommand.Tail.class})
final class FailedCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "tail", description = "Print the newest rejected events, newest first, with their reasons.")
    static final class Tail implements Runnable {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "The server (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--key", paramLabel = "KEY", required = true,
                description = "An analyst key (its app's failures) or the admin key (all apps).")
        String key;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (default 20).")
        int limit;

        @Option(names = "--json", description = "Print the server's JSON answer as is.")
        boolean json;

        @Override
        public void run() {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/v1/failed?limit=" + limit))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> r;
            try {
                r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UserException("cannot reach " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("interrupted");
            }
            if (r.statusCode() != 200) {
                throw new UserException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            if (json) {
                System.out.println(r.body());
                return;
            }
            try {
                for (JsonNode f : AppsCommand.JSON.readTree(r.body()).path("failed")) {
                    String raw = f.path("raw").asText();
                    System.out.printf("%s  %s  #%d  %s%n    %s%n", Instant.ofEpochMilli(f.path("received_at").asLong()),
                            f.path("app").asText(), f.path("index").asInt(), f.path("reason").asText(),
                            raw.length() > 200 ? raw.substring(0, 200) + "…" : raw);
                }
            } catch (IOException e) {
                throw new UserException("unexpected answer from " + url + ": " + e.getMessage());
            }
        }
    }
}
