package dev.questlog.cli;

import dev.questlog.config.DefaultsPrinter;
import dev.questlog.config.SettingsRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./questlog config defaults|check}. */
@Command(name = "config", description = "Show or check the configuration.",
        subcommands = {ConfigCommand.Defaults.class, ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "defaults", description = "Print every setting with its default and meaning, as YAML.")
    static final class Defaults implements Runnable {
        @Override
        public void run() {
            System.out.print(DefaultsPrinter.render(SettingsRegistry.all()));
        }
    }

    @Command(name = "check", description = "Load the configuration (file, environment, flags) and report errors.")
    static final class Check implements Runnable {
        @Mixin
        ConfigOptions options;

        @Override
        public void run() {
            System.out.println("configuration OK: " + options.load());
        }
    }
}
