package dev.shepherd.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Accumulates one numeric column: every value while there are at most
 * {@link ProfileBuilder#EXACT_CAP} of them, a KLL sketch ({@code k = 200}) always, and the exact
 * count, mean, variance (Welford), minimum and maximum. Not thread-safe: one per reader thread.
 */
final class NumericColumn {
    /** KLL accuracy parameter; 200 is DataSketches' default (≈1.3 % rank error at 99 % confidence). */
    static final int K = 200;

    private final String name;
    private final int exactCap;
    private double[] values = new double[64];
    private int held;
    private final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);
    private long n;
    private long missing;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    NumericColumn(String name, int exactCap) {
        this.name = name;
        this.exactCap = exactCap;
    }

    void add(double v) {
        n++;
        double d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        sketch.update(v);
        if (n <= exactCap) {
            if (held == values.length) {
                values = Arrays.copyOf(values, Math.min(exactCap, values.length * 2));
            }
            values[held++] = v;
        } else if (values != null) {
            values = null; // past the cap: the sketch alone describes the column
        }
    }

    void missing() {
        missing++;
    }

    FeatureProfile.Numeric build() {
        NumericSample sample = n <= exactCap ? new ExactSample(Arrays.copyOf(values, held))
                : new SketchSample(sketch, mean, Math.sqrt(m2 / n));
        return new FeatureProfile.Numeric(name, missing, sample, n == 0 ? Double.NaN : min, n == 0 ? Double.NaN : max);
    }
}
