package dev.shepherd.drift;

/**
 * One feature's drift verdict.
 *
 * @param feature      the column
 * @param kind         numeric or category
 * @param method       the method used
 * @param score        what is compared with the threshold: the p-value for tests, the distance otherwise
 * @param threshold    the threshold
 * @param drifted      p-value below, or distance at or above, the threshold
 * @param statistic    the test statistic (KS D, χ²) or the distance
 * @param pValue       the p-value for tests, else {@code NaN}
 * @param effectSize   KS: D; chi-square: Cramér's V; distances: the distance (always shown beside a p-value,
 *                     since on big samples p-values flag trivial shifts)
 * @param reference    reference values (present)
 * @param current      current values (present)
 * @param exact        whether both sides held every value (else within the sketches' error bound)
 * @param note         why no score could be computed, else {@code null}
 * @param distribution both sides' shares over the bins or categories the distances compare (also when
 *                     the method is a test, or a side has no values); {@code null} when the two sides
 *                     hold the feature as different types
 */
public record FeatureDrift(String feature, ProfileBuilder.Kind kind, Method method, double score, double threshold,
                           boolean drifted, double statistic, double pValue, double effectSize, long reference,
                           long current, boolean exact, String note, FeatureDistribution distribution) {

    /** Whether a score was computed. */
    public boolean evaluated() {
        return note == null;
    }
}
