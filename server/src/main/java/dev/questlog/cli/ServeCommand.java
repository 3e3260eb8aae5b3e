package dev.questlog.cli;

import dev.questlog.app.QuestLogApp;
import dev.questlog.config.QuestLogConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./questlog serve}: runs the pipeline's stages in this process until interrupted. */
@Command(name = "serve", description = "Run the pipeline (the roles this process takes) until Ctrl-C.")
final class ServeCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--roles", paramLabel = "r1,r2", split = ",",
            description = "Stages to run: ingest, lake, warehouse, hot, live, api (default all).")
    List<String> roles;

    @Override
    public void run() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (port != null) {
            overrides.put("server.port", port.toString());
        }
        if (roles != null) {
            overrides.put("server.roles", String.join(",", roles));
        }
        QuestLogConfig config = options.load(overrides);
        try (QuestLogApp app = QuestLogApp.start(config)) {
            app.printBanner(System.out);
            app.awaitShutdown();
        }
    }
}
