package dev.shepherd.serving;

import java.util.Objects;

/**
 * How a deployment shares its traffic with a candidate version, installed by the rollout
 * controller through {@link Gateway#split}. The primary answers everything the candidate does not.
 *
 * @param candidate          the candidate version
 * @param candidateBasisPoints share of requests the candidate answers, in {@link StickyHash#BUCKETS}
 *                           (10,000 = all: a blue-green switch)
 * @param shadowShare        share of requests the primary answered that are also copied to the
 *                           candidate off the response path, 0..1
 * @param compareShare       share of requests the candidate answered that are also run on the
 *                           primary off the response path, to measure disagreement, 0..1
 * @param stickyFeature      the input feature whose value is the sticky key when a request has no
 *                           {@code X-Shepherd-Key}, or {@code null} (then random)
 */
public record TrafficSplit(String candidate, int candidateBasisPoints, double shadowShare, double compareShare,
                           String stickyFeature) {
    public TrafficSplit {
        Objects.requireNonNull(candidate, "candidate");
        if (candidateBasisPoints < 0 || candidateBasisPoints > StickyHash.BUCKETS) {
            throw new IllegalArgumentException("candidateBasisPoints must be in 0.." + StickyHash.BUCKETS);
        }
        if (!(shadowShare >= 0 && shadowShare <= 1) || !(compareShare >= 0 && compareShare <= 1)) {
            throw new IllegalArgumentException("shadowShare and compareShare must be in 0..1");
        }
    }

    /** The candidate only watches: a copy of {@code share} of requests. */
    public static TrafficSplit shadow(String candidate, double share) {
        return new TrafficSplit(candidate, 0, share, 0, null);
    }

    /** The candidate answers {@code percent} % of requests, sticky by key. */
    public static TrafficSplit canary(String candidate, double percent, double compareShare, String stickyFeature) {
        return new TrafficSplit(candidate, StickyHash.basisPoints(percent), 0, compareShare, stickyFeature);
    }

    /** Share answered by the candidate, percent. */
    public double weightPercent() {
        return candidateBasisPoints / 100.0;
    }
}
