package dev.shepherd.rollout;

import java.time.Duration;

/**
 * One canary step.
 *
 * @param weight      share of traffic the candidate answers, percent in (0, 100]
 * @param bake        minimum time spent in the step with the rollout running (paused time does not count)
 * @param minRequests minimum requests the candidate answered in the step
 * @param approval    whether an operator must {@code approve} once the step has passed
 */
public record Step(double weight, Duration bake, long minRequests, boolean approval) {
    public Step {
        if (!(weight > 0 && weight <= 100)) {
            throw new IllegalArgumentException("step weight must be in (0, 100] percent, was " + weight);
        }
        if (bake.isNegative() || minRequests < 0) {
            throw new IllegalArgumentException("step bake and minRequests must be >= 0");
        }
    }
}
