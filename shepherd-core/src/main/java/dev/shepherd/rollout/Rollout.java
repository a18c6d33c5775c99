package dev.shepherd.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The persisted state of one rollout of a deployment: immutable; every change is a new value
 * written to the {@link RolloutStore} together with the {@link RolloutEvent} that caused it.
 *
 * @param id            unique id ({@code ro-} followed by a random suffix)
 * @param deployment    the deployment rolled out
 * @param baseline      the version serving when the rollout started (the primary)
 * @param spec          the declared rollout
 * @param specJson      {@code spec} as JSON text, as declared (so the store can keep it)
 * @param phase         where it is in the strategy
 * @param status        whether it still moves, and how it ended
 * @param step          index of the current canary step, {@code -1} before the first
 * @param weight        share of traffic the candidate answers now, percent 0..100
 * @param stepStartedAt when the current phase or step began
 * @param baked         running time spent in the current phase or step (paused or stopped time
 *                      does not count, nor time the server was down)
 * @param startedAt     when the rollout was started
 * @param updatedAt     the last transition or checkpoint
 * @param reason        why it is in its status (the last transition's reason)
 */
public record Rollout(String id, String deployment, String baseline, RolloutSpec spec, String specJson,
                      Phase phase, Status status, int step, double weight, Instant stepStartedAt,
                      Duration baked, Instant startedAt, Instant updatedAt, String reason) {

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
    }

    public String candidate() {
        return spec.candidate();
    }

    public Strategy strategy() {
        return spec.strategy();
    }

    /** The current canary step, or {@code null} outside the canary phase. */
    public Step currentStep() {
        return phase == Phase.CANARY && step >= 0 && step < spec.steps().size() ? spec.steps().get(step) : null;
    }

    Rollout with(Phase phase, Status status, int step, double weight, Instant stepStartedAt, Duration baked,
                 Instant now, String reason) {
        return new Rollout(id, deployment, baseline, spec, specJson, phase, status, step, weight, stepStartedAt,
                baked, startedAt, now, reason);
    }

    Rollout withStatus(Status status, Instant now, String reason) {
        return with(phase, status, step, weight, stepStartedAt, baked, now, reason);
    }

    Rollout withBaked(Duration baked, Instant now) {
        return with(phase, status, step, weight, stepStartedAt, baked, now, reason);
    }
}
