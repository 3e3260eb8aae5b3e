package dev.questlog.cli;

import dev.questlog.app.WarehouseEngines;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;

/**
 * How the CLI's warm-tier commands ({@code sql}, {@code heatmap}) reach the warehouse: either by opening the data
 * directory's engine themselves, or by asking a running server over HTTP with an analyst key.
 */
final class WarmAccess {
    private WarmAccess() {
    }

    /** Opens the configured warehouse; explains what to do when a running server holds the embedded file. */
    static Warehouse open(QuestLogConfig config) {
        try {
            return WarehouseEngines.open(config.warehouse(), config.dataDir(), InstantSource.system());
        } catch (WarehouseException e) {
            throw new UserException(e.getMessage() + (config.warehouse().engine().equals("duckdb")
                    ? " — is a server running on this data directory? Then ask it: --key ANALYST_KEY [--url URL]" : ""));
        }
    }

    /** The app to query when none was named: the only one with data ("" while there is none, so queries see nothing). */
    static String onlyApp(List<String> apps) {
        if (apps.size() > 1) {
            throw new UserException("the warehouse holds several apps " + apps + "; choose one with --app");
        }
        return apps.isEmpty() ? "" : apps.getFirst();
    }

    /** Sends a request to a running server; anything but 200 becomes a one-line error with the server's answer. */
    static byte[] fetch(HttpRequest request) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new UserException("server answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw new UserException("cannot reach " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted");
        }
    }
}
