package dev.shepherd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code shepherd} command line. Exit codes: 0 success, 1 failure at run time (server
 * unreachable, request refused), 2 invalid usage or invalid input (picocli's usage errors,
 * invalid configuration files).
 */
@Command(name = "shepherd", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Serve machine-learning models, roll them out safely and watch over them.",
        subcommands = {DemoCommand.class, ServeCommand.class, ApplyCommand.class, GetCommand.class, MetricsCommand.class,
                RolloutCommand.class, ProfileCommand.class, DriftCommand.class, AlertsCommand.class, AutomationCommand.class,
                GrafanaCommand.class, CommandLine.HelpCommand.class})
public final class ShepherdCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with Shepherd's error handling (exit code 2 for invalid input). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ShepherdCli());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("shepherd: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return 2;
        });
        return cl;
    }

    /** Kept so the JUL level set for Tribuo's chatty training logs is not garbage-collected. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        int code = commandLine().execute(args);
        if (code != 0 || !Boolean.getBoolean("shepherd.keepAlive")) {
            System.exit(code);
        }
    }
}
