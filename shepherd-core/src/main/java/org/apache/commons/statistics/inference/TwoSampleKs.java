package org.apache.commons.statistics.inference;

/**
 * Shepherd's door to Commons Statistics' two-sample Kolmogorov–Smirnov p-values for a statistic
 * already known, which Commons computes inside its test but does not expose on its own. Drift
 * statistics from sketches have the statistic and the sample sizes, not the samples; this calls
 * Commons' own implementation rather than writing another (same package on the class path).
 * Stateless and thread-safe.
 */
public final class TwoSampleKs {
    private TwoSampleKs() {
    }

    /**
     * The exact two-sided p-value {@code P(D >= d)} under the null hypothesis, for
     * {@code d = dnm / (n m)}, ignoring ties (as SciPy's {@code ks_2samp(method='exact')}).
     *
     * @param dnm the statistic times {@code n m}, an integer
     */
    public static double exactP(long dnm, int n, int m) {
        return KolmogorovSmirnovTest.twoSampleExactP(dnm, n, m, gcd(n, m), false, true);
    }

    /**
     * The asymptotic two-sided p-value of SciPy's {@code ks_2samp(method='asymp')}: the one-sample
     * Kolmogorov distribution's survival function at {@code d} for {@code round(n m / (n + m))}
     * observations.
     */
    public static double asymptoticP(double d, long n, long m) {
        double en = (double) n * m / ((double) n + m);
        return Math.min(1, Math.max(0, KolmogorovSmirnovDistribution.Two.sf(d, (int) Math.min(Integer.MAX_VALUE,
                Math.round(en)))));
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
