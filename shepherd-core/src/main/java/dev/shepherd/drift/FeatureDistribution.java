package dev.shepherd.drift;

import java.util.Arrays;
import java.util.List;

/**
 * What one feature looks like on each side of a drift comparison, for charts beside its score:
 * the shares of the reference and of the current values over the very bins and categories the
 * distances compare ({@link NumericStatistics#binEdges} over the reference's quantiles, the union
 * of categories of {@link CategoryStatistics#categories}). Each side's shares sum to 1, or are
 * empty when that side has no values. Immutable: arrays are copied in and out.
 */
public sealed interface FeatureDistribution {

    /** Reference shares, one per bin or category; empty when the reference has no values. */
    double[] reference();

    /** Current shares, one per bin or category; empty when the current data has no values. */
    double[] current();

    /**
     * Numbers over {@code k} reference-quantile bins. Bin {@code i} holds the values in
     * {@code [edges[i], edges[i + 1])} (the last bin is closed); the outer edges are the smallest
     * and largest value of either side, the {@code k − 1} inner ones the reference's quantiles at
     * {@code i / bins}, duplicates removed (so {@code k} is at most the configured bins). No bins
     * (all arrays empty) when the reference has no values.
     *
     * @param edges     {@code k + 1} ascending bin edges (equal neighbours when a bin is empty by construction)
     * @param reference {@code k} shares of the reference values
     * @param current   {@code k} shares of the current values
     */
    record Numeric(double[] edges, double[] reference, double[] current) implements FeatureDistribution {
        public Numeric {
            edges = edges.clone();
            reference = reference.clone();
            current = current.clone();
        }

        @Override
        public double[] edges() {
            return edges.clone();
        }

        @Override
        public double[] reference() {
            return reference.clone();
        }

        @Override
        public double[] current() {
            return current.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Numeric n && Arrays.equals(edges, n.edges) && Arrays.equals(reference, n.reference)
                    && Arrays.equals(current, n.current);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(edges) * 31 * 31 + Arrays.hashCode(reference) * 31 + Arrays.hashCode(current);
        }

        @Override
        public String toString() {
            return "Numeric[edges=" + Arrays.toString(edges) + ", reference=" + Arrays.toString(reference)
                    + ", current=" + Arrays.toString(current) + "]";
        }
    }

    /**
     * Categories: the union of both sides' categories in natural order (the chi-square's and the
     * distances' columns), with each side's share of each.
     *
     * @param categories the categories
     * @param reference  the reference's share of each category
     * @param current    the current data's share of each category
     */
    record Category(List<String> categories, double[] reference, double[] current) implements FeatureDistribution {
        public Category {
            categories = List.copyOf(categories);
            reference = reference.clone();
            current = current.clone();
        }

        @Override
        public double[] reference() {
            return reference.clone();
        }

        @Override
        public double[] current() {
            return current.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Category c && categories.equals(c.categories) && Arrays.equals(reference, c.reference)
                    && Arrays.equals(current, c.current);
        }

        @Override
        public int hashCode() {
            return categories.hashCode() * 31 * 31 + Arrays.hashCode(reference) * 31 + Arrays.hashCode(current);
        }

        @Override
        public String toString() {
            return "Category[categories=" + categories + ", reference=" + Arrays.toString(reference)
                    + ", current=" + Arrays.toString(current) + "]";
        }
    }

    /** Numbers over {@code bins} reference-quantile bins (see {@link Numeric}). */
    static Numeric numeric(FeatureProfile.Numeric ref, FeatureProfile.Numeric cur, int bins) {
        if (ref.count() == 0) {
            return new Numeric(new double[0], new double[0], new double[0]);
        }
        double[] inner = NumericStatistics.binEdges(ref.sample(), bins);
        double lo = low(ref);
        double hi = high(ref);
        if (cur.count() > 0) {
            lo = Math.min(lo, low(cur));
            hi = Math.max(hi, high(cur));
        }
        double[] edges = new double[inner.length + 2];
        edges[0] = Math.min(lo, inner.length == 0 ? lo : inner[0]);
        System.arraycopy(inner, 0, edges, 1, inner.length);
        edges[edges.length - 1] = Math.max(hi, inner.length == 0 ? hi : inner[inner.length - 1]);
        return new Numeric(edges, NumericStatistics.binProbabilities(ref.sample(), inner),
                cur.count() == 0 ? new double[0] : NumericStatistics.binProbabilities(cur.sample(), inner));
    }

    /** Categories of both sides (see {@link Category}). */
    static Category category(FeatureProfile.Category ref, FeatureProfile.Category cur) {
        String[] cats = CategoryStatistics.categories(ref.counts(), cur.counts());
        return new Category(List.of(cats), shares(ref, cats), shares(cur, cats));
    }

    private static double[] shares(FeatureProfile.Category side, String[] cats) {
        return side.count() == 0 ? new double[0]
                : CategoryStatistics.probabilities(CategoryStatistics.counts(side.counts(), cats));
    }

    /** The smallest value: the profile's exact minimum, else the sample's smallest support point. */
    private static double low(FeatureProfile.Numeric f) {
        return Double.isFinite(f.min()) ? f.min() : f.sample().support()[0];
    }

    private static double high(FeatureProfile.Numeric f) {
        if (Double.isFinite(f.max())) {
            return f.max();
        }
        double[] support = f.sample().support();
        return support[support.length - 1];
    }
}
