package dev.shepherd.rollout;

import java.time.Instant;
import java.util.Map;

/**
 * One transition of a rollout, for the audit trail.
 *
 * @param rolloutId the rollout
 * @param deployment the deployment
 * @param at        when it happened (the controller's clock)
 * @param actor     who caused it: {@code controller} for automatic transitions, else the operator
 *                  named by the API ({@code X-Shepherd-Actor}) or CLI ({@code --actor}, default the user)
 * @param action    what happened: {@code start}, {@code step}, {@code approve}, {@code pause},
 *                  {@code resume}, {@code set-weight}, {@code switch}, {@code promote},
 *                  {@code complete}, {@code gate-failed}, {@code abort}, {@code rollback},
 *                  {@code restart}
 * @param phase     the phase after the transition
 * @param status    the status after the transition
 * @param step      the step index after the transition, {@code -1} outside canary
 * @param weight    the candidate's traffic share after the transition, percent
 * @param reason    why, in words
 * @param values    the gate values that decided it, by metric key ({@code primary:} prefix for the
 *                  primary's value), empty when none did
 */
public record RolloutEvent(String rolloutId, String deployment, Instant at, String actor, String action,
                           Phase phase, Status status, int step, double weight, String reason,
                           Map<String, Double> values) {
    public RolloutEvent {
        values = Map.copyOf(values);
    }
}
