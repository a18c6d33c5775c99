package dev.shepherd.drift;

import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Drift statistics between reference and current category counts, over the union of their
 * categories in natural order. Stateless and thread-safe.
 */
public final class CategoryStatistics {
    private CategoryStatistics() {
    }

    /** The union of categories, in natural order. */
    public static String[] categories(Map<String, Long> ref, Map<String, Long> cur) {
        TreeSet<String> all = new TreeSet<>(ref.keySet());
        all.addAll(cur.keySet());
        return all.toArray(String[]::new);
    }

    /** Counts of {@code categories} (0 for absent ones). */
    public static long[] counts(Map<String, Long> counts, String[] categories) {
        long[] out = new long[categories.length];
        for (int i = 0; i < categories.length; i++) {
            out[i] = counts.getOrDefault(categories[i], 0L);
        }
        return out;
    }

    /**
     * Pearson's chi-square test of homogeneity on the 2 × K table of reference and current counts
     * ({@code scipy.stats.chi2_contingency([ref, cur], correction=False)}); with a single category
     * the samples cannot differ: statistic 0, p-value 1.
     */
    public static TestResult chiSquare(long[] ref, long[] cur) {
        int used = 0;
        for (int i = 0; i < ref.length; i++) {
            if (ref[i] + cur[i] > 0) {
                used++;
            }
        }
        if (used < 2) {
            return new TestResult(0, 1);
        }
        long[][] table = new long[2][used];
        for (int i = 0, k = 0; i < ref.length; i++) {
            if (ref[i] + cur[i] > 0) {
                table[0][k] = ref[i];
                table[1][k] = cur[i];
                k++;
            }
        }
        SignificanceResult r = ChiSquareTest.withDefaults().test(table);
        return new TestResult(r.getStatistic(), r.getPValue());
    }

    /** Cramér's V of a 2 × K chi-square: {@code sqrt(χ² / N)}, 0..1, the test's effect size. */
    public static double cramersV(double chiSquare, long total) {
        return total == 0 ? 0 : Math.sqrt(chiSquare / total);
    }

    /** Probabilities of the counts. */
    public static double[] probabilities(long[] counts) {
        double[] p = new double[counts.length];
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        for (int i = 0; i < counts.length; i++) {
            p[i] = total == 0 ? 0 : counts[i] / total;
        }
        return p;
    }
}
