package dev.sluice.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Self-hosted telemetry ingest: errors, traces, AI usage, tasks, analytics and jobs.",
        subcommands = {ServeCommand.class, ProjectCommand.class, KeyCommand.class, AnalyticsCommand.class,
                AdminCommand.class, RetentionCommand.class, UserCommand.class,
                CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line; answers the exit code. Errors are one line, without stack traces. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SluiceCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
