package dev.shepherd.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A numeric sample summarized by a quantile sketch: its retained values, ascending, with their
 * cumulative weights (a DataSketches KLL sketch's sorted view), and the exact count, mean and
 * standard deviation kept beside it. The CDF is within {@link #rankError()} of the true one with
 * 99 % confidence (for {@code k = 200}, about 1.3 %); a sketch that retained every value is exact.
 * Immutable and thread-safe.
 */
public final class SketchSample implements NumericSample {
    private final KllDoublesSketch sketch;
    private final double[] items;
    private final long[] cumulative;
    private final long n;
    private final double rankError;
    private final double mean;
    private final double std;
    private final double[] support;

    /**
     * @param sketch a KLL sketch of the values, not modified afterwards
     * @param mean   exact mean of the values
     * @param std    exact population standard deviation of the values
     */
    public SketchSample(KllDoublesSketch sketch, double mean, double std) {
        this(sketch, sketch.isEmpty() ? new double[0] : view(sketch).getQuantiles(),
                sketch.isEmpty() ? new long[0] : view(sketch).getCumulativeWeights(),
                sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0, mean, std);
    }

    private static DoublesSortedView view(KllDoublesSketch s) {
        return s.getSortedView();
    }

    /**
     * A sample of a sketch's sorted view: {@code items} ascending with {@code cumulative} weights
     * (the last is the count). Exact when every weight is 1, whatever {@code rankError} says.
     */
    public static SketchSample ofView(double[] items, long[] cumulative, double rankError, double mean, double std) {
        boolean exact = cumulative.length == 0 || cumulative[cumulative.length - 1] == items.length;
        return new SketchSample(null, items.clone(), cumulative.clone(), exact ? 0 : rankError, mean, std);
    }

    private SketchSample(KllDoublesSketch sketch, double[] items, long[] cumulative, double rankError, double mean,
                         double std) {
        if (items.length != cumulative.length) {
            throw new IllegalArgumentException("items and weights differ in length");
        }
        this.sketch = sketch;
        this.items = items;
        this.cumulative = cumulative;
        this.n = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        this.rankError = rankError;
        this.mean = mean;
        this.std = std;
        this.support = Arrays.stream(items).distinct().toArray();
    }

    /** The KLL sketch this sample came from, or {@code null} for a sample of a view. */
    KllDoublesSketch sketch() {
        return sketch;
    }

    double[] items() {
        return items;
    }

    long[] cumulative() {
        return cumulative;
    }

    @Override
    public long count() {
        return n;
    }

    @Override
    public double cdf(double x) {
        if (n == 0) {
            return Double.NaN;
        }
        int i = lastAtMost(x);
        return i < 0 ? 0 : (double) cumulative[i] / n;
    }

    @Override
    public double cdfBelow(double x) {
        if (n == 0) {
            return Double.NaN;
        }
        int i = lastAtMost(Math.nextDown(x));
        return i < 0 ? 0 : (double) cumulative[i] / n;
    }

    /** Index of the last item {@code <= x}, or -1. */
    private int lastAtMost(double x) {
        int lo = 0;
        int hi = items.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (items[mid] <= x) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The smallest retained value whose normalized rank is at least {@code q} (DataSketches' inclusive rule). */
    @Override
    public double quantile(double q) {
        if (n == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(q * n);
        for (int i = 0; i < items.length; i++) {
            if (cumulative[i] >= target) {
                return items[i];
            }
        }
        return items[items.length - 1];
    }

    @Override
    public double mean() {
        return mean;
    }

    @Override
    public double std() {
        return std;
    }

    @Override
    public double[] support() {
        return support;
    }

    @Override
    public double rankError() {
        return rankError;
    }
}
