package dev.shepherd.monitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Mergeable summary of a stream of doubles: exact count, mean, variance, min and max, plus a KLL
 * sketch for quantiles. Not thread-safe: a {@link SeriesRecorder} stripe lock guards it.
 *
 * <p>Implementation notes. Mean and the sum of squared deviations ({@code m2}) follow Welford's
 * update and Chan, Golub and LeVeque's pairwise merge ("Updating formulae and a pairwise algorithm
 * for computing sample variances", 1979), which stay accurate for large means where
 * {@code Σx² − n·mean²} would cancel. Quantiles come from DataSketches' {@link KllDoublesSketch}
 * with {@code k = }{@value #K}: the rank of a returned quantile is within
 * {@code getNormalizedRankError(false)} (about 1.33 %) of the requested rank with 99 %
 * confidence, for any number of merges. A summary built without quantiles (booleans) skips the
 * sketch, the largest cost of an update. Non-finite values must be filtered by the caller.
 */
final class NumericAccumulator {
    /** KLL accuracy parameter; 200 is DataSketches' default. */
    static final int K = 200;

    private final boolean quantiles;
    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private KllDoublesSketch sketch;

    /** A summary with quantiles. */
    NumericAccumulator() {
        this(true);
    }

    /** A summary with quantiles, or with exact moments only (cheaper; {@code quantile} is then NaN). */
    NumericAccumulator(boolean quantiles) {
        this.quantiles = quantiles;
    }

    /** Adds one finite value. */
    void add(double x) {
        long count = ++n;
        double d = x - mean;
        mean += d / count;
        m2 += d * (x - mean);
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
        if (quantiles) {
            if (sketch == null) {
                sketch = KllDoublesSketch.newHeapInstance(K);
            }
            sketch.update(x);
        }
    }

    void merge(NumericAccumulator o) {
        if (o.n == 0) {
            return;
        }
        if (n == 0) {
            mean = o.mean;
            m2 = o.m2;
        } else {
            long total = n + o.n;
            double d = o.mean - mean;
            mean += d * o.n / total;
            m2 += o.m2 + d * d * ((double) n * o.n / total);
        }
        n += o.n;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        if (quantiles && o.sketch != null && !o.sketch.isEmpty()) {
            if (sketch == null) {
                sketch = KllDoublesSketch.newHeapInstance(K);
            }
            sketch.merge(o.sketch);
        }
    }

    long count() {
        return n;
    }

    void reset() {
        n = 0;
        mean = 0;
        m2 = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        if (sketch != null) {
            sketch.reset();
        }
    }

    /** An immutable snapshot; the snapshot owns a sorted copy of the sketch's retained items. */
    Distribution snapshot() {
        if (n == 0) {
            return Distribution.EMPTY;
        }
        double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
        if (sketch == null || sketch.isEmpty()) {
            return new Distribution(n, mean, std, min, max, null, Double.NaN);
        }
        return new Distribution(n, mean, std, min, max, sketch.getSortedView(), sketch.getNormalizedRankError(false));
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(n);
        if (n == 0) {
            return;
        }
        out.writeDouble(mean);
        out.writeDouble(m2);
        out.writeDouble(min);
        out.writeDouble(max);
        if (sketch == null || sketch.isEmpty()) {
            out.writeInt(0);
            return;
        }
        byte[] kll = sketch.toByteArray();
        out.writeInt(kll.length);
        out.write(kll);
    }

    /** Reads a summary written by {@link #write}; it keeps quantiles when the writer did. */
    static NumericAccumulator read(DataInput in) throws IOException {
        NumericAccumulator a = new NumericAccumulator();
        a.n = in.readLong();
        if (a.n < 0) {
            throw new IOException("negative count " + a.n);
        }
        if (a.n == 0) {
            return a;
        }
        a.mean = in.readDouble();
        a.m2 = in.readDouble();
        a.min = in.readDouble();
        a.max = in.readDouble();
        byte[] kll = BucketCodec.readBlob(in);
        if (kll.length > 0) {
            a.sketch = KllDoublesSketch.heapify(MemorySegment.ofArray(kll));
        }
        return a;
    }
}
