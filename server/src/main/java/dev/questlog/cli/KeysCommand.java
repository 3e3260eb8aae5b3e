package dev.questlog.cli;

import dev.questlog.apps.IssuedKey;
import dev.questlog.apps.KeyKind;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./questlog keys create --app A --kind K} and {@code keys revoke KEY_ID}, on the data directory. */
@Command(name = "keys", description = "Create and revoke API keys (works on the data directory).",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", description = "Create a key of a kind (server, client, analyst, admin).")
    static final class Create implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--app", paramLabel = "APP", description = "The app (not for admin keys).")
        String app;

        @Option(names = "--kind", paramLabel = "KIND", required = true, description = "server, client, analyst or admin.")
        String kind;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            IssuedKey key;
            try {
                key = AppsCommand.registry(options.load()).createKey(app, KeyKind.parse(kind));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>(key.info().toJson());
                out.put("key", key.token());
                System.out.println(AppsCommand.json(out));
            } else {
                System.out.println("key " + key.info().id() + " (" + kind + "): " + key.token());
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a key by its id (see apps list); effective at once.")
    static final class Revoke implements Runnable {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "KEY_ID")
        String keyId;

        @Override
        public void run() {
            if (!AppsCommand.registry(options.load()).revoke(keyId)) {
                throw new UserException("no key with id '" + keyId + "'");
            }
            System.out.println("revoked " + keyId);
        }
    }
}
