package dev.shepherd.cli;

import dev.shepherd.error.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The options every client command shares: where the server is, the bearer token it wants, and
 * how to print (a picocli mixin).
 */
final class ServerOptions {

    @Option(names = {"-s", "--server"}, defaultValue = "${SHEPHERD_SERVER:-http://localhost:8080}",
            description = "Server URL (default ${DEFAULT-VALUE}, or $SHEPHERD_SERVER).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token for a server started with --access (default: $SHEPHERD_TOKEN; prefer the "
                    + "variable, a command line is visible to other users).")
    String token;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).")
    String output;

    /** Checks {@code --output}; returns whether JSON was asked for. */
    boolean json() {
        if (!output.equals("table") && !output.equals("json")) {
            throw new InvalidInputException("--output", "--output must be table or json, was " + output);
        }
        return output.equals("json");
    }

    ServerClient client() {
        return new ServerClient(server, token == null ? ServerClient.envToken() : ServerClient.checkToken(token));
    }
}
