package dev.shepherd.drift;

import java.util.List;

/**
 * A dataset's drift verdict.
 *
 * @param features      per feature, in column order
 * @param evaluated     features with a score
 * @param drifted       features that drifted
 * @param share         drifted over evaluated, 0..1 ({@code drift_share})
 * @param shareThreshold share at which the dataset drifts
 * @param datasetDrift  whether {@code share >= shareThreshold}
 * @param referenceRows rows of the reference
 * @param currentRows   rows of the current data
 */
public record DriftReport(List<FeatureDrift> features, int evaluated, int drifted, double share, double shareThreshold,
                          boolean datasetDrift, long referenceRows, long currentRows) {
    public DriftReport {
        features = List.copyOf(features);
    }
}
