package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code shepherd rollout start|status|history|pause|resume|approve|promote|abort|rollback|set-weight
 * DEPLOYMENT}: drives a deployment's rollout through the server's rollout API. Starting is
 * {@link RolloutStartCommand}, the operator actions are {@link RolloutActionCommand}; reading the
 * status and the history lives here. Every subcommand takes {@code --server} and {@code -o json}
 * (the server's JSON as is).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Start, watch and steer a deployment's rollout of a candidate version.",
        subcommands = {RolloutStartCommand.class, RolloutCommand.Status.class, RolloutCommand.History.class,
                RolloutActionCommand.Pause.class, RolloutActionCommand.Resume.class, RolloutActionCommand.Approve.class,
                RolloutActionCommand.Promote.class, RolloutActionCommand.Abort.class, RolloutActionCommand.Rollback.class,
                RolloutActionCommand.SetWeight.class})
final class RolloutCommand {

    /** {@code status DEPLOYMENT}: the active (else latest) rollout and its gates' latest verdicts. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the active (else latest) rollout of a deployment and its gate verdicts.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment.")
        String deployment;

        @Mixin
        ServerOptions options;

        @Override
        public Integer call() {
            boolean json = options.json();
            JsonNode body = options.client().get(ServerClient.rolloutPath(deployment, ""));
            System.out.print(json ? body.toPrettyString() + "\n" : RolloutText.status(body));
            return 0;
        }
    }

    /** {@code history DEPLOYMENT}: every rollout, newest first, with its transitions. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List a deployment's rollouts, newest first, with who did what and when.")
    static final class History implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment.")
        String deployment;

        @Mixin
        ServerOptions options;

        @Override
        public Integer call() {
            boolean json = options.json();
            JsonNode body = options.client().get(ServerClient.rolloutPath(deployment, "s"));
            System.out.print(json ? body.toPrettyString() + "\n" : RolloutText.history(deployment, body));
            return 0;
        }
    }
}
