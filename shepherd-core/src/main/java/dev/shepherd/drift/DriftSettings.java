package dev.shepherd.drift;

import java.util.Map;

/**
 * How drift is judged. Defaults follow the tools users know: with at most
 * {@link #smallReference} reference rows, KS for numbers and chi-square for categories, drift when
 * p < 0.05; above, the Wasserstein distance normed by the reference's standard deviation for
 * numbers and the Jensen–Shannon distance for categories, drift at 0.1 or more. Every feature can
 * override method and threshold.
 *
 * @param bins           reference-quantile bins of PSI and Jensen–Shannon on numbers (default 10)
 * @param psiEpsilon     probability used for an empty bin in PSI (default 1e-4)
 * @param datasetShare   share of drifted features at which the dataset drifts (default 0.5)
 * @param smallReference largest reference (rows) judged with statistical tests (default 1,000)
 * @param overrides      per feature name, a method and threshold (either may be {@code null})
 */
public record DriftSettings(int bins, double psiEpsilon, double datasetShare, long smallReference,
                            Map<String, Override> overrides) {

    /** A feature's own method and/or threshold. */
    public record Override(Method method, Double threshold) {
    }

    public DriftSettings {
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in 2..1000, was " + bins);
        }
        if (!(psiEpsilon > 0 && psiEpsilon < 1) || !(datasetShare > 0 && datasetShare <= 1)) {
            throw new IllegalArgumentException("psiEpsilon must be in (0, 1) and datasetShare in (0, 1]");
        }
        overrides = Map.copyOf(overrides);
    }

    public static DriftSettings defaults() {
        return new DriftSettings(10, Distances.DEFAULT_PSI_EPSILON, 0.5, 1_000, Map.of());
    }

    public DriftSettings withOverrides(Map<String, Override> o) {
        return new DriftSettings(bins, psiEpsilon, datasetShare, smallReference, o);
    }

    public DriftSettings withDatasetShare(double share) {
        return new DriftSettings(bins, psiEpsilon, share, smallReference, overrides);
    }

    /** The method for a feature of {@code kind} with a reference of {@code referenceRows}. */
    public Method method(String feature, ProfileBuilder.Kind kind, long referenceRows) {
        Override o = overrides.get(feature);
        if (o != null && o.method() != null) {
            return o.method();
        }
        boolean small = referenceRows <= smallReference;
        return kind == ProfileBuilder.Kind.NUMERIC ? (small ? Method.KS : Method.WASSERSTEIN_NORMED)
                : (small ? Method.CHI_SQUARE : Method.JENSEN_SHANNON);
    }

    /** The threshold of {@code method} for a feature: its override, else 0.05 for tests and 0.1 for distances. */
    public double threshold(String feature, Method method) {
        Override o = overrides.get(feature);
        if (o != null && o.threshold() != null) {
            return o.threshold();
        }
        return method.pValue() ? 0.05 : 0.1;
    }
}
