package dev.shepherd.drift;

import java.util.Arrays;

/** A numeric sample holding every value, sorted. Immutable (the array is copied) and thread-safe. */
public final class ExactSample implements NumericSample {
    private final double[] sorted;
    private final double mean;
    private final double std;
    private double[] support;

    /** A sample of {@code values} (finite; copied and sorted). */
    public ExactSample(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
        double m = 0;
        for (int i = 0; i < sorted.length; i++) { // Welford: stable for large offsets
            m += (sorted[i] - m) / (i + 1);
        }
        double ss = 0;
        for (double v : sorted) {
            ss += (v - m) * (v - m);
        }
        this.mean = sorted.length == 0 ? Double.NaN : m;
        this.std = sorted.length == 0 ? Double.NaN : Math.sqrt(ss / sorted.length);
    }

    /** The values, ascending (a copy). */
    public double[] values() {
        return sorted.clone();
    }

    double[] sortedView() {
        return sorted;
    }

    @Override
    public long count() {
        return sorted.length;
    }

    /** Values {@code <= x}. */
    long countAtMost(double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == x) {
            i++;
        }
        return i + 1L;
    }

    /** Values {@code < x}. */
    long countBelow(double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == x) {
            i--;
        }
        return i;
    }

    @Override
    public double cdf(double x) {
        return sorted.length == 0 ? Double.NaN : (double) countAtMost(x) / sorted.length;
    }

    @Override
    public double cdfBelow(double x) {
        return sorted.length == 0 ? Double.NaN : (double) countBelow(x) / sorted.length;
    }

    @Override
    public double quantile(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
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
    public synchronized double[] support() {
        if (support == null) {
            support = Arrays.stream(sorted).distinct().toArray();
        }
        return support;
    }

    @Override
    public double rankError() {
        return 0;
    }
}
