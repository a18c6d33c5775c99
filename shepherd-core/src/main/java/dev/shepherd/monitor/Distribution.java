package dev.shepherd.monitor;

import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * An immutable summary of a set of numbers in a window: exact count, mean, standard deviation,
 * min and max, and approximate quantiles from a KLL sketch. Units are those of the values (a
 * feature's own unit; characters for text length; elements for tensor volume; samples for audio
 * duration). An empty distribution has count 0 and {@code NaN} everywhere else. Thread-safe.
 */
public final class Distribution {
    /** No values. */
    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            null, Double.NaN);

    private final long count;
    private final double mean;
    private final double std;
    private final double min;
    private final double max;
    private final DoublesSortedView quantiles;
    private final double rankError;

    Distribution(long count, double mean, double std, double min, double max, DoublesSortedView quantiles,
                 double rankError) {
        this.count = count;
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
        this.quantiles = quantiles;
        this.rankError = rankError;
    }

    /**
     * The sketch's retained values, ascending, with their cumulative weights (the last is
     * {@link #count()}): what drift compares windows with; empty arrays when there are no values.
     */
    public record Weighted(double[] values, long[] cumulativeWeights) {
    }

    /** The sketch's retained values and weights (see {@link Weighted}). */
    public Weighted weighted() {
        if (quantiles == null) {
            return new Weighted(new double[0], new long[0]);
        }
        return new Weighted(quantiles.getQuantiles(), quantiles.getCumulativeWeights());
    }

    /** Number of values. */
    public long count() {
        return count;
    }

    /** Arithmetic mean (exact up to floating-point rounding). */
    public double mean() {
        return mean;
    }

    /** Sample standard deviation (divisor {@code n − 1}; 0 for a single value). */
    public double std() {
        return std;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /**
     * The approximate {@code q}-quantile ({@code q} in {@code [0, 1]}, clamped): a value whose rank
     * among the window's values is within {@link #quantileRankError()} of {@code q} (inclusive
     * search: the smallest retained value with cumulative rank at least {@code q}).
     */
    public double quantile(double q) {
        if (quantiles == null || Double.isNaN(q)) {
            return Double.NaN;
        }
        return quantiles.getQuantile(Math.min(1, Math.max(0, q)), QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * Bound on the rank error of {@link #quantile}: the KLL sketch's normalized rank error for a
     * single quantile at 99 % confidence, about 0.0133 for the default {@code k = 200}, whatever
     * the number of values or merges. {@code NaN} when empty.
     */
    public double quantileRankError() {
        return rankError;
    }

    @Override
    public String toString() {
        return count == 0 ? "Distribution[empty]" : "Distribution[n=" + count + ", mean=" + mean + ", std=" + std
                + ", min=" + min + ", max=" + max + "]";
    }
}
