package dev.shepherd.rollout;

import java.util.Locale;

/** Where a rollout is in its strategy. */
public enum Phase {
    /** The candidate receives shadow copies (strategy shadow, or blue-green verification). */
    SHADOW,
    /** The candidate answers the current step's share of traffic. */
    CANARY,
    /** Blue-green: all traffic is on the candidate (green), the primary (blue) is kept loaded; baking. */
    SWITCHED,
    /** The rollout has ended (see {@link Status}). */
    DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
