package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.InvalidInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator actions on a running rollout, one subcommand each:
 * {@code pause|resume|approve|promote|abort|rollback DEPLOYMENT [--reason TEXT]} and
 * {@code set-weight DEPLOYMENT PERCENT [--reason TEXT]} (PERCENT in 0..100, checked here). Each
 * posts to {@code /api/v1/deployments/{name}/rollout/{action}} as {@code --actor} and prints the
 * rollout after the action; an action that does not fit the rollout's state is the server's 409.
 */
abstract class RolloutActionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment.")
    String deployment;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in the rollout history.")
    String reason;

    @Mixin
    ActorOption actor;

    @Mixin
    ServerOptions options;

    /** The action's wire name ({@code set-weight}). */
    abstract String action();

    /** The past tense printed after it. */
    abstract String done();

    /** The request body: the reason, plus what the action adds. */
    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    @Override
    public Integer call() {
        boolean json = options.json();
        ObjectNode body = body();
        JsonNode r = options.client().post(ServerClient.rolloutPath(deployment, "/" + action()), body, actor.name());
        System.out.print(json ? r.toPrettyString() + "\n" : RolloutText.summary(done(), r));
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop advancing: traffic stays, bake time stops, failing gates still roll back.")
    static final class Pause extends RolloutActionCommand {
        @Override
        String action() {
            return "pause";
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a paused rollout.")
    static final class Resume extends RolloutActionCommand {
        @Override
        String action() {
            return "resume";
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Let a step that waits for approval move on.")
    static final class Approve extends RolloutActionCommand {
        @Override
        String action() {
            return "approve";
        }

        @Override
        String done() {
            return "approved";
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make the candidate the primary now, skipping the remaining steps.")
    static final class Promote extends RolloutActionCommand {
        @Override
        String action() {
            return "promote";
        }

        @Override
        String done() {
            return "promoted";
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stop the rollout; all traffic goes back to the primary.")
    static final class Abort extends RolloutActionCommand {
        @Override
        String action() {
            return "abort";
        }

        @Override
        String done() {
            return "aborted";
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Abort a running rollout, or switch a promoted candidate back to the version it replaced.")
    static final class Rollback extends RolloutActionCommand {
        @Override
        String action() {
            return "rollback";
        }

        @Override
        String done() {
            return "rolled back";
        }
    }

    @Command(name = "set-weight", mixinStandardHelpOptions = true,
            description = "Set the candidate's share of traffic by hand; the ramp pauses until resume.")
    static final class SetWeight extends RolloutActionCommand {
        @Parameters(index = "1", paramLabel = "PERCENT", description = "The candidate's share, 0..100 (a trailing % is allowed).")
        String percent;

        @Override
        String action() {
            return "set-weight";
        }

        @Override
        String done() {
            return "re-weighted";
        }

        @Override
        ObjectNode body() {
            return super.body().put("weight", weight(percent));
        }

        /** {@code text} as a percentage in 0..100 ({@code 30} or {@code 30%}). */
        static double weight(String text) {
            String t = text.strip();
            t = t.endsWith("%") ? t.substring(0, t.length() - 1).strip() : t;
            double w;
            try {
                w = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                w = Double.NaN;
            }
            if (!(w >= 0 && w <= 100)) {
                throw new InvalidInputException("PERCENT", "PERCENT must be a percentage in 0..100, was '" + text + "'");
            }
            return w;
        }
    }
}
