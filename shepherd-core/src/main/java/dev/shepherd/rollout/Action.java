package dev.shepherd.rollout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an operator can do to a deployment's rollout (the CLI's and API's verbs). */
public enum Action {
    /** Stop advancing; traffic stays, bake time stops accruing, gates still roll back. */
    PAUSE,
    /** Continue after a pause (or after {@link #SET_WEIGHT}). */
    RESUME,
    /** Let a step that requires approval move on. */
    APPROVE,
    /** Make the candidate the primary now, skipping the remaining steps. */
    PROMOTE,
    /** Stop the rollout; all traffic goes back to the primary. */
    ABORT,
    /** Abort a running rollout, or switch a promoted candidate back to the version it replaced. */
    ROLLBACK,
    /** Set the candidate's traffic share by hand (and pause the automatic ramp). */
    SET_WEIGHT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Action> parse(String s) {
        return Arrays.stream(values()).filter(a -> a.wireName().equalsIgnoreCase(s)).findFirst();
    }
}
