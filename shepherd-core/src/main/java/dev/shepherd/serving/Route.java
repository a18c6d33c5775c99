package dev.shepherd.serving;

import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.ReadinessProbe;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deployment's live routing entry in the {@link Gateway}: the primary that answers (or why none
 * can) and, during a rollout, the candidate and how traffic is split with it. Replaced as a whole,
 * never mutated, so a request sees one consistent entry.
 */
record Route(Deployment deployment, ModelVersion version, LoadedModel model, String error, boolean monitored,
             TrafficSplit split, ModelVersion candidateVersion, LoadedModel candidate) {

    Route(Deployment deployment, ModelVersion version, LoadedModel model, String error) {
        this(deployment, version, model, error, DeploymentSpecs.monitoringEnabled(deployment.specJson()), null, null,
                null);
    }

    Route withSplit(TrafficSplit split, ModelVersion candidateVersion, LoadedModel candidate) {
        return new Route(deployment, version, model, error, monitored, split, candidateVersion, candidate);
    }

    /** Whether the primary is loaded and, for remote models, its upstream reachable. */
    boolean canAnswer() {
        return model != null && !(model.model instanceof ReadinessProbe p && !p.ready());
    }

    /** Why the deployment cannot answer, or {@code null}. */
    String errorText() {
        if (error != null) {
            return error;
        }
        return canAnswer() ? null : "upstream of " + version.key() + " is not ready";
    }

    /**
     * Whether a request goes to the candidate: explicitly by version, else by the split — all of
     * it, a sticky bucket of its key, or at random. {@code null} when the key is a feature that must
     * be decoded first.
     */
    Boolean toCandidate(String version, String routingKey) {
        String name = deployment.name();
        if (version != null) {
            if (candidateVersion != null && candidateVersion.version().equals(version)) {
                return true;
            }
            if (this.version == null || !this.version.version().equals(version)) {
                throw new NotFoundException("version", "version '" + version + "' is not served by deployment '"
                        + name + "'" + (this.version == null ? "" : " (it serves " + this.version.version()
                        + (candidateVersion == null ? "" : " and candidate " + candidateVersion.version()) + ")"));
            }
            return false;
        }
        if (split == null || candidate == null || split.candidateBasisPoints() == 0) {
            return false;
        }
        if (split.candidateBasisPoints() >= StickyHash.BUCKETS) {
            return true;
        }
        if (routingKey != null) {
            return StickyHash.bucket(name, routingKey) < split.candidateBasisPoints();
        }
        if (split.stickyFeature() != null && this.version != null) {
            return null;
        }
        return randomlyToCandidate();
    }

    /** A keyless request's draw against the candidate's share. */
    boolean randomlyToCandidate() {
        return ThreadLocalRandom.current().nextInt(StickyHash.BUCKETS) < split.candidateBasisPoints();
    }
}
