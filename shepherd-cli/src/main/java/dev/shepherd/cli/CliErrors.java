package dev.shepherd.cli;

import dev.shepherd.error.ConfigError;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ShepherdException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps exceptions escaping a command to a message and an exit code, in one place: invalid input
 * or configuration exits 2 (listing every configuration error), anything else 1.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof InvalidConfigException ice) {
            err.println("shepherd: invalid configuration, nothing was applied:");
            for (ConfigError e : ice.errors()) {
                err.println("  " + e);
            }
            return 2;
        }
        if (ex instanceof RemoteException re) {
            err.println("shepherd: " + re.getMessage());
            return re.status() >= 400 && re.status() < 500 ? 2 : 1;
        }
        if (ex instanceof ShepherdException se) {
            err.println("shepherd: " + se.code().wireName() + ": " + se.getMessage());
            return se.code() == ErrorCode.INVALID_INPUT || se.code() == ErrorCode.NOT_FOUND ? 2 : 1;
        }
        err.println("shepherd: " + ex);
        return 1;
    }
}
