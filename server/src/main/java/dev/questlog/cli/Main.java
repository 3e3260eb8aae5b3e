package dev.questlog.cli;

import dev.questlog.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./questlog}: parses the command line with picocli and runs one subcommand. */
@Command(name = "questlog", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "QuestLog: telemetry and analytics pipeline for video games.",
        subcommands = {VersionCommand.class, ConfigCommand.class, ServeCommand.class, DemoCommand.class,
                AppsCommand.class, KeysCommand.class, FailedCommand.class, LogCommand.class, SimulateCommand.class,
                SqlCommand.class, WarehouseCommand.class, HeatmapCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof UserException) {
                cmd.getErr().println("questlog: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
