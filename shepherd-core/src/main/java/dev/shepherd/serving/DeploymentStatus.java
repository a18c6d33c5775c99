package dev.shepherd.serving;

import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;

/**
 * What a deployment is doing now.
 *
 * @param deployment the stored deployment
 * @param serving    the version that answers
 * @param ready      whether that version is loaded and can answer
 * @param error      why it is not ready, or {@code null}
 * @param split      how traffic is shared with a rollout's candidate, or {@code null} when none
 */
public record DeploymentStatus(Deployment deployment, ModelVersion serving, boolean ready, String error,
                               TrafficSplit split) {

    /** A status without a rollout candidate. */
    public DeploymentStatus(Deployment deployment, ModelVersion serving, boolean ready, String error) {
        this(deployment, serving, ready, error, null);
    }
}
