package dev.questlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.apps.AppInfo;
import dev.questlog.apps.AppRegistry;
import dev.questlog.apps.CreatedApp;
import dev.questlog.apps.KeyInfo;
import dev.questlog.config.QuestLogConfig;
import java.time.InstantSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./questlog apps create NAME [--json]} and {@code apps list}: work directly on the data directory, with or
 * without a running server (a running server picks the change up by itself).
 */
@Command(name = "apps", description = "Create and list apps (works on the data directory, server running or not).",
        subcommands = {AppsCommand.Create.class, AppsCommand.ListApps.class})
final class AppsCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static AppRegistry registry(QuestLogConfig config) {
        return AppRegistry.open(config.dataDir().resolve("apps"), InstantSource.system());
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "create", description = "Create an app with a server, a client and an analyst key.")
    static final class Create implements Runnable {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "App name: [a-z0-9][a-z0-9_-]{0,63}.")
        String name;

        @Option(names = "--json", description = "Print exactly one JSON object with the keys.")
        boolean json;

        @Override
        public void run() {
            CreatedApp app;
            try {
                app = registry(options.load()).createApp(name);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            if (json) {
                System.out.println(json(app.toJson()));
                return;
            }
            System.out.println("app " + app.app() + " created. Keep these keys; they are shown only now.");
            System.out.println("  server key:  " + app.server().token() + "   (trusted producers: game servers)");
            System.out.println("  client key:  " + app.client().token() + "   (untrusted producers: game clients)");
            System.out.println("  analyst key: " + app.analyst().token() + "   (SQL, heatmaps, search, live)");
        }
    }

    @Command(name = "list", description = "List apps and their keys (ids only; secrets are never stored).")
    static final class ListApps implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            var apps = registry(options.load()).apps();
            if (json) {
                System.out.println(json(java.util.Map.of("apps", apps.stream().map(AppInfo::toJson).toList())));
                return;
            }
            for (AppInfo a : apps) {
                System.out.println(a.name());
                for (KeyInfo k : a.keys()) {
                    System.out.printf("  %-18s %-8s %s%n", k.id(), k.kind().wireName(), k.active() ? "active" : "revoked");
                }
            }
        }
    }
}
