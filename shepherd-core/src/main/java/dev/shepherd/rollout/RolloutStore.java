package dev.shepherd.rollout;

import java.util.List;
import java.util.Optional;

/**
 * Durable rollouts and their audit trail. {@link #save} writes a rollout's new state and the event
 * that caused it atomically, so a restart finds every transition that took effect. Thread-safe.
 */
public interface RolloutStore {

    /** Inserts or replaces the rollout by id and appends {@code event} (unless {@code null}), in one transaction. */
    void save(Rollout rollout, RolloutEvent event);

    Optional<Rollout> find(String id);

    /** Rollouts still holding a candidate ({@link Status#active()}), oldest first. */
    List<Rollout> active();

    /** Every rollout of the deployment, newest first. */
    List<Rollout> forDeployment(String deployment);

    /** The rollout's transitions, oldest first. */
    List<RolloutEvent> events(String rolloutId);
}
