package dev.shepherd.cli;

import dev.shepherd.error.InvalidInputException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --actor NAME}: who acts on a rollout, sent as {@code X-Shepherd-Actor} and recorded in
 * its history (a picocli mixin). The server accepts 1..64 characters of letters, digits and
 * {@code ._@-}: an explicit name outside that is refused (exit 2); the default, the OS user name,
 * is cut down to it, and is {@code cli} when nothing is left.
 */
final class ActorOption {
    /** The names the server accepts. */
    static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The name used when the OS user name has no allowed character. */
    static final String FALLBACK = "cli";

    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who acts, recorded in the rollout history (default: your user name).")
    String actor;

    /** The validated actor name. */
    String name() {
        if (actor == null) {
            return sanitize(System.getProperty("user.name"));
        }
        if (!ALLOWED.matcher(actor).matches()) {
            throw new InvalidInputException("--actor", "--actor must be 1..64 letters, digits or ._@-, was '"
                    + actor + "'");
        }
        return actor;
    }

    /** {@code name} without the characters the server refuses, at most 64 long; {@link #FALLBACK} if empty. */
    static String sanitize(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._@-]", "");
        s = s.length() > 64 ? s.substring(0, 64) : s;
        return s.isEmpty() ? FALLBACK : s;
    }
}
