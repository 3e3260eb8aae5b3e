package dev.questlog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.QueryResult;
import dev.questlog.warehouse.QueryResults;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.duckdb.LakeQueries;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./questlog sql [--lake] "SELECT …"}: one read-only query, printed as {@code {"columns":…,"rows":…}} or CSV.
 * With {@code --key} it asks a running server ({@code POST /v1/sql}); otherwise it opens the data directory itself
 * (the embedded DuckDB file can only be opened while no server holds it).
 */
@Command(name = "sql", description = "Run one read-only SQL query over the warm tier (table events), or over the "
        + "lake's Parquet files with --lake.")
final class SqlCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "SQL", description = "A single SELECT over the table events (and the per-type views).")
    String sql;

    @Option(names = "--lake", description = "Query the lake's Parquet files (all history, duplicates included).")
    boolean lake;

    @Option(names = "--app", paramLabel = "APP", description = "The app (default: the only app with data).")
    String app;

    @Option(names = "--csv", description = "Print CSV with a header row instead of JSON.")
    boolean csv;

    @Mixin
    ServerAccess server;

    @Override
    public void run() {
        if (server.remote()) {
            System.out.print(remote());
            return;
        }
        QuestLogConfig config = options.load();
        QueryResult result;
        try {
            result = lake ? LakeQueries.query(config.dataDir().resolve("lake"), app, sql, config.warehouse()) : warm(config);
        } catch (QueryException e) {
            throw new UserException(e.getMessage());
        }
        System.out.println(csv ? QueryResults.toCsv(result).stripTrailing() : QueryResults.toJson(result));
    }

    private QueryResult warm(QuestLogConfig config) {
        try (Warehouse warehouse = WarmAccess.open(config)) {
            return warehouse.query(app != null ? app : WarmAccess.onlyApp(warehouse.apps()), sql);
        }
    }

    private String remote() {
        if (lake) {
            throw new UserException("--lake reads the lake directory directly; run it without --key");
        }
        ObjectNode body = new ObjectMapper().createObjectNode().put("sql", sql);
        if (app != null) {
            body.put("app", app);
        }
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/sql"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", server.bearer())
                .header("Content-Type", "application/json").header("Accept", csv ? "text/csv" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String answer = new String(WarmAccess.fetch(request), StandardCharsets.UTF_8);
        return answer.endsWith("\n") ? answer : answer + "\n";
    }
}
