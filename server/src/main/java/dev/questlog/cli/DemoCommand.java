package dev.questlog.cli;

import dev.questlog.app.QuestLogApp;
import dev.questlog.config.QuestLogConfig;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./questlog demo}: the whole embedded pipeline plus a simulated game, until Ctrl-C. */
@Command(name = "demo", description = "Start the embedded pipeline, feed it a simulated game, print the dashboard address.")
final class DemoCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080).")
    Integer port;

    @Override
    public void run() {
        QuestLogConfig config = options.load(port == null ? Map.of() : Map.of("server.port", port.toString()));
        try (QuestLogApp app = QuestLogApp.start(config)) {
            app.startDemoTraffic(System.out);
            app.printBanner(System.out);
            app.awaitShutdown();
        }
    }
}
