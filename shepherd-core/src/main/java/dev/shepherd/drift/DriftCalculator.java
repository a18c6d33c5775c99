package dev.shepherd.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a current profile with a reference profile feature by feature (the columns of the
 * reference that the current profile also has; a column of one kind in one and another kind in
 * the other is reported, not compared). The same code serves the batch report and live drift, so
 * both give the same verdict on the same data. Stateless and thread-safe.
 */
public final class DriftCalculator {
    /** Floor of the reference standard deviation that normalizes the Wasserstein distance. */
    public static final double MIN_NORM = 0.001;

    private final DriftSettings settings;

    public DriftCalculator(DriftSettings settings) {
        this.settings = settings;
    }

    public DriftSettings settings() {
        return settings;
    }

    public DriftReport compare(Profile reference, Profile current) {
        List<FeatureDrift> out = new ArrayList<>();
        for (FeatureProfile ref : reference.features().values()) {
            FeatureProfile cur = current.features().get(ref.name());
            if (cur == null) {
                continue;
            }
            out.add(feature(ref, cur, reference.rows()));
        }
        return report(out, reference.rows(), current.rows());
    }

    /** A report of features already compared. */
    public DriftReport report(List<FeatureDrift> features, long referenceRows, long currentRows) {
        int evaluated = 0;
        int drifted = 0;
        for (FeatureDrift f : features) {
            if (f.evaluated()) {
                evaluated++;
                if (f.drifted()) {
                    drifted++;
                }
            }
        }
        double share = evaluated == 0 ? 0 : (double) drifted / evaluated;
        return new DriftReport(features, evaluated, drifted, share, settings.datasetShare(),
                evaluated > 0 && share >= settings.datasetShare(), referenceRows, currentRows);
    }

    /** One feature's verdict. */
    public FeatureDrift feature(FeatureProfile ref, FeatureProfile cur, long referenceRows) {
        ProfileBuilder.Kind kind = ref instanceof FeatureProfile.Numeric ? ProfileBuilder.Kind.NUMERIC
                : ProfileBuilder.Kind.CATEGORY;
        Method method = settings.method(ref.name(), kind, referenceRows);
        double threshold = settings.threshold(ref.name(), method);
        if (!method.appliesTo(kind)) {
            return skipped(ref, cur, kind, method, threshold, method.wireName() + " does not apply to "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + " features");
        }
        if (ref.getClass() != cur.getClass()) {
            return skipped(ref, cur, kind, method, threshold, "the current data has this feature as another type");
        }
        if (ref.count() == 0 || cur.count() == 0) {
            return skipped(ref, cur, kind, method, threshold, (ref.count() == 0 ? "reference" : "current")
                    + " has no values");
        }
        return ref instanceof FeatureProfile.Numeric r
                ? numeric(r, (FeatureProfile.Numeric) cur, method, threshold)
                : category((FeatureProfile.Category) ref, (FeatureProfile.Category) cur, method, threshold);
    }

    private FeatureDrift numeric(FeatureProfile.Numeric ref, FeatureProfile.Numeric cur, Method method, double threshold) {
        NumericSample r = ref.sample();
        NumericSample c = cur.sample();
        boolean exact = r.exact() && c.exact();
        return switch (method) {
            case KS -> {
                TestResult t = NumericStatistics.ks(r, c);
                yield verdict(ref, cur, method, threshold, t.pValue(), t.statistic(), t.pValue(), t.statistic(), exact);
            }
            case WASSERSTEIN -> distance(ref, cur, method, threshold, NumericStatistics.wasserstein(r, c), exact);
            case WASSERSTEIN_NORMED -> distance(ref, cur, method, threshold,
                    NumericStatistics.wasserstein(r, c) / Math.max(r.std(), MIN_NORM), exact);
            case PSI, JENSEN_SHANNON -> {
                double[] edges = NumericStatistics.binEdges(r, settings.bins());
                double[] p = NumericStatistics.binProbabilities(r, edges);
                double[] q = NumericStatistics.binProbabilities(c, edges);
                yield distance(ref, cur, method, threshold, method == Method.PSI
                        ? Distances.psi(p, q, settings.psiEpsilon()) : Distances.jensenShannon(p, q), exact);
            }
            default -> throw new IllegalStateException(method + " on numbers");
        };
    }

    private FeatureDrift category(FeatureProfile.Category ref, FeatureProfile.Category cur, Method method,
                                  double threshold) {
        String[] cats = CategoryStatistics.categories(ref.counts(), cur.counts());
        long[] rc = CategoryStatistics.counts(ref.counts(), cats);
        long[] cc = CategoryStatistics.counts(cur.counts(), cats);
        boolean exact = !ref.truncated() && !cur.truncated();
        return switch (method) {
            case CHI_SQUARE -> {
                TestResult t = CategoryStatistics.chiSquare(rc, cc);
                double v = CategoryStatistics.cramersV(t.statistic(), ref.count() + cur.count());
                yield verdict(ref, cur, method, threshold, t.pValue(), t.statistic(), t.pValue(), v, exact);
            }
            case PSI -> distance(ref, cur, method, threshold, Distances.psi(CategoryStatistics.probabilities(rc),
                    CategoryStatistics.probabilities(cc), settings.psiEpsilon()), exact);
            case JENSEN_SHANNON -> distance(ref, cur, method, threshold, Distances.jensenShannon(
                    CategoryStatistics.probabilities(rc), CategoryStatistics.probabilities(cc)), exact);
            case L_INFINITY -> distance(ref, cur, method, threshold, Distances.lInfinity(
                    CategoryStatistics.probabilities(rc), CategoryStatistics.probabilities(cc)), exact);
            default -> throw new IllegalStateException(method + " on categories");
        };
    }

    private static FeatureDrift distance(FeatureProfile ref, FeatureProfile cur, Method method, double threshold,
                                         double d, boolean exact) {
        return verdict(ref, cur, method, threshold, d, d, Double.NaN, d, exact);
    }

    private static FeatureDrift verdict(FeatureProfile ref, FeatureProfile cur, Method method, double threshold,
                                        double score, double statistic, double p, double effect, boolean exact) {
        boolean drifted = method.pValue() ? score < threshold : score >= threshold;
        return new FeatureDrift(ref.name(), ref instanceof FeatureProfile.Numeric ? ProfileBuilder.Kind.NUMERIC
                : ProfileBuilder.Kind.CATEGORY, method, score, threshold, drifted, statistic, p, effect, ref.count(),
                cur.count(), exact, null);
    }

    private static FeatureDrift skipped(FeatureProfile ref, FeatureProfile cur, ProfileBuilder.Kind kind, Method method,
                                        double threshold, String note) {
        return new FeatureDrift(ref.name(), kind, method, Double.NaN, threshold, false, Double.NaN, Double.NaN,
                Double.NaN, ref.count(), cur.count(), false, note);
    }
}
