package dev.shepherd.drift;

import java.util.Arrays;
import org.apache.commons.statistics.inference.TwoSampleKs;

/**
 * Drift statistics between a reference and a current numeric sample, defined as SciPy and NumPy
 * compute them (the golden tests check them against SciPy to 1e-9 on exact samples):
 *
 * <ul>
 *   <li>{@link #ks}: {@code scipy.stats.ks_2samp(ref, cur, method='auto')}: exact p-value when
 *       both samples are exact and the larger has at most {@value #MAX_EXACT_N} values,
 *       asymptotic otherwise.</li>
 *   <li>{@link #wasserstein}: {@code scipy.stats.wasserstein_distance(ref, cur)}, in the data's unit.</li>
 *   <li>{@link #binEdges} and {@link #binProbabilities}: bins from the reference's quantiles at
 *       {@code i / bins} ({@code np.quantile}, linear interpolation), duplicates removed; a value
 *       falls in the bin {@code np.searchsorted(edges, x, side='right')}.</li>
 * </ul>
 *
 * From sketches, the CDFs are within the samples' rank errors: KS's D within the sum of both, the
 * Wasserstein distance within that sum times the range of the values, each bin probability within
 * twice the sum. Stateless and thread-safe.
 */
public final class NumericStatistics {
    /** Largest sample for which SciPy's {@code method='auto'} computes the exact KS p-value. */
    public static final int MAX_EXACT_N = 10_000;

    private NumericStatistics() {
    }

    /** Two-sample Kolmogorov–Smirnov test, two-sided. Both samples must be non-empty. */
    public static TestResult ks(NumericSample ref, NumericSample cur) {
        long n = ref.count();
        long m = cur.count();
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("KS needs values on both sides, has " + n + " and " + m);
        }
        boolean exact = ref.exact() && cur.exact();
        double d;
        long dnm;
        if (ref instanceof ExactSample r && cur instanceof ExactSample c) {
            dnm = scaledD(r.sortedView(), c.sortedView());
            d = (double) dnm / ((double) n * m);
        } else {
            d = 0;
            for (double x : union(ref.support(), cur.support())) {
                d = Math.max(d, Math.abs(ref.cdf(x) - cur.cdf(x)));
            }
            dnm = Math.round(d * n * m);
        }
        double p = exact && Math.max(n, m) <= MAX_EXACT_N
                ? TwoSampleKs.exactP(dnm, (int) n, (int) m)
                : TwoSampleKs.asymptoticP(d, n, m);
        return new TestResult(d, Math.min(1, Math.max(0, p)));
    }

    /** {@code max |i m − j n|} over the merged order statistics: D times n m, exactly. */
    private static long scaledD(double[] a, double[] b) {
        long n = a.length;
        long m = b.length;
        int i = 0;
        int j = 0;
        long best = 0;
        while (i < a.length || j < b.length) {
            double x = i < a.length && (j >= b.length || a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.length && a[i] == x) {
                i++;
            }
            while (j < b.length && b[j] == x) {
                j++;
            }
            best = Math.max(best, Math.abs(i * m - j * n));
        }
        return best;
    }

    /** Wasserstein-1 (earth mover's) distance, in the values' unit. */
    public static double wasserstein(NumericSample ref, NumericSample cur) {
        double[] xs = union(ref.support(), cur.support());
        double sum = 0;
        for (int k = 0; k + 1 < xs.length; k++) {
            sum += Math.abs(ref.cdf(xs[k]) - cur.cdf(xs[k])) * (xs[k + 1] - xs[k]);
        }
        return sum;
    }

    /** Distinct interior bin edges: the reference's quantiles at {@code 1/bins … (bins−1)/bins}. */
    public static double[] binEdges(NumericSample ref, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, was " + bins);
        }
        double[] e = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            e[i - 1] = ref.quantile((double) i / bins);
        }
        return Arrays.stream(e).sorted().distinct().toArray();
    }

    /** The share of the sample in each of the {@code edges.length + 1} bins. */
    public static double[] binProbabilities(NumericSample s, double[] edges) {
        double[] p = new double[edges.length + 1];
        double below = 0;
        for (int k = 0; k < edges.length; k++) {
            double upTo = s.cdfBelow(edges[k]);
            p[k] = Math.max(0, upTo - below);
            below = upTo;
        }
        p[edges.length] = Math.max(0, 1 - below);
        return p;
    }

    static double[] union(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int w = 0;
        for (int i = 0; i < all.length; i++) {
            if (w == 0 || all[i] != all[w - 1]) {
                all[w++] = all[i];
            }
        }
        return Arrays.copyOf(all, w);
    }
}
