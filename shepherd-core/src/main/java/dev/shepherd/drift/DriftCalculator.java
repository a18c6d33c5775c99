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
        if (ref.getClass() != cur.getClass()) {
            return skipped(ref, cur, kind, method, threshold, method.appliesTo(kind)
                    ? "the current data has this feature as another type" : notApplicable(method, kind), null);
        }
        FeatureDistribution dist = distribution(ref, cur);
        if (!method.appliesTo(kind)) {
            return skipped(ref, cur, kind, method, threshold, notApplicable(method, kind), dist);
        }
        if (ref.count() == 0 || cur.count() == 0) {
            return skipped(ref, cur, kind, method, threshold, (ref.count() == 0 ? "reference" : "current")
                    + " has no values", dist);
        }
        return ref instanceof FeatureProfile.Numeric r
                ? numeric(r, (FeatureProfile.Numeric) cur, method, threshold, (FeatureDistribution.Numeric) dist)
                : category((FeatureProfile.Category) ref, (FeatureProfile.Category) cur, method, threshold,
                        (FeatureDistribution.Category) dist);
    }

    /**
     * Both sides' shares over the bins ({@link DriftSettings#bins()} reference-quantile bins) or
     * categories that PSI, Jensen–Shannon and chi-square compare; the two profiles must be of one type.
     */
    public FeatureDistribution distribution(FeatureProfile ref, FeatureProfile cur) {
        return ref instanceof FeatureProfile.Numeric r
                ? FeatureDistribution.numeric(r, (FeatureProfile.Numeric) cur, settings.bins())
                : FeatureDistribution.category((FeatureProfile.Category) ref, (FeatureProfile.Category) cur);
    }

    private static String notApplicable(Method method, ProfileBuilder.Kind kind) {
        return method.wireName() + " does not apply to " + kind.name().toLowerCase(java.util.Locale.ROOT) + " features";
    }

    private FeatureDrift numeric(FeatureProfile.Numeric ref, FeatureProfile.Numeric cur, Method method, double threshold,
                                 FeatureDistribution.Numeric dist) {
        NumericSample r = ref.sample();
        NumericSample c = cur.sample();
        boolean exact = r.exact() && c.exact();
        return switch (method) {
            case KS -> {
                TestResult t = NumericStatistics.ks(r, c);
                yield verdict(ref, cur, method, threshold, t.pValue(), t.statistic(), t.pValue(), t.statistic(), exact,
                        dist);
            }
            case WASSERSTEIN -> distance(ref, cur, method, threshold, NumericStatistics.wasserstein(r, c), exact, dist);
            case WASSERSTEIN_NORMED -> distance(ref, cur, method, threshold,
                    NumericStatistics.wasserstein(r, c) / Math.max(r.std(), MIN_NORM), exact, dist);
            case PSI, JENSEN_SHANNON -> {
                double[] p = dist.reference();
                double[] q = dist.current();
                yield distance(ref, cur, method, threshold, method == Method.PSI
                        ? Distances.psi(p, q, settings.psiEpsilon()) : Distances.jensenShannon(p, q), exact, dist);
            }
            default -> throw new IllegalStateException(method + " on numbers");
        };
    }

    private FeatureDrift category(FeatureProfile.Category ref, FeatureProfile.Category cur, Method method,
                                  double threshold, FeatureDistribution.Category dist) {
        boolean exact = !ref.truncated() && !cur.truncated();
        double[] p = dist.reference();
        double[] q = dist.current();
        return switch (method) {
            case CHI_SQUARE -> {
                String[] cats = dist.categories().toArray(String[]::new);
                TestResult t = CategoryStatistics.chiSquare(CategoryStatistics.counts(ref.counts(), cats),
                        CategoryStatistics.counts(cur.counts(), cats));
                double v = CategoryStatistics.cramersV(t.statistic(), ref.count() + cur.count());
                yield verdict(ref, cur, method, threshold, t.pValue(), t.statistic(), t.pValue(), v, exact, dist);
            }
            case PSI -> distance(ref, cur, method, threshold, Distances.psi(p, q, settings.psiEpsilon()), exact, dist);
            case JENSEN_SHANNON -> distance(ref, cur, method, threshold, Distances.jensenShannon(p, q), exact, dist);
            case L_INFINITY -> distance(ref, cur, method, threshold, Distances.lInfinity(p, q), exact, dist);
            default -> throw new IllegalStateException(method + " on categories");
        };
    }

    private static FeatureDrift distance(FeatureProfile ref, FeatureProfile cur, Method method, double threshold,
                                         double d, boolean exact, FeatureDistribution dist) {
        return verdict(ref, cur, method, threshold, d, d, Double.NaN, d, exact, dist);
    }

    private static FeatureDrift verdict(FeatureProfile ref, FeatureProfile cur, Method method, double threshold,
                                        double score, double statistic, double p, double effect, boolean exact,
                                        FeatureDistribution dist) {
        boolean drifted = method.pValue() ? score < threshold : score >= threshold;
        return new FeatureDrift(ref.name(), ref instanceof FeatureProfile.Numeric ? ProfileBuilder.Kind.NUMERIC
                : ProfileBuilder.Kind.CATEGORY, method, score, threshold, drifted, statistic, p, effect, ref.count(),
                cur.count(), exact, null, dist);
    }

    private static FeatureDrift skipped(FeatureProfile ref, FeatureProfile cur, ProfileBuilder.Kind kind, Method method,
                                        double threshold, String note, FeatureDistribution dist) {
        return new FeatureDrift(ref.name(), kind, method, Double.NaN, threshold, false, Double.NaN, Double.NaN,
                Double.NaN, ref.count(), cur.count(), false, note, dist);
    }
}
