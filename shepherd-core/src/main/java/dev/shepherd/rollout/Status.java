package dev.shepherd.rollout;

import java.util.Locale;

/** Whether a rollout still moves, and how it ended. */
public enum Status {
    /** Advancing on its own as gates pass and bake time accrues. */
    RUNNING(true),
    /** Stopped by an operator: traffic stays as it is, bake time does not accrue, gates still roll back. */
    PAUSED(true),
    /** The current step passed and waits for an operator's {@code approve}. */
    AWAITING_APPROVAL(true),
    /** The candidate became the primary. */
    SUCCEEDED(false),
    /** A shadow that ended with a report, without promotion. */
    COMPLETED(false),
    /** A gate failed: traffic went back to the primary at once. */
    FAILED(false),
    /** An operator stopped it: traffic went back to the primary. */
    ABORTED(false),
    /** An operator switched traffic back to the previous primary. */
    ROLLED_BACK(false);

    private final boolean active;

    Status(boolean active) {
        this.active = active;
    }

    /** Whether the rollout still holds a candidate (running, paused or awaiting approval). */
    public boolean active() {
        return active;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status named {@code s} in {@link #wireName()} form. */
    public static Status parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
