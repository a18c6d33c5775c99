package dev.shepherd.drift;

/**
 * One side (reference or current) of a numeric feature, as drift statistics see it: its
 * cumulative distribution. {@link ExactSample} holds every value; {@link SketchSample} a KLL
 * sketch whose CDF is within {@link #rankError()} of the true one. Missing values are not part of
 * the sample (they are counted by the profile). Immutable and thread-safe.
 */
public sealed interface NumericSample permits ExactSample, SketchSample {

    /** Values in the sample. */
    long count();

    /** Fraction of values {@code <= x}. */
    double cdf(double x);

    /** Fraction of values {@code < x}. */
    double cdfBelow(double x);

    /**
     * The {@code q}-quantile: for exact samples NumPy's default ({@code linear}) interpolation
     * between order statistics, for sketches the sketch's estimate.
     */
    double quantile(double q);

    /** Arithmetic mean; {@code NaN} when empty. */
    double mean();

    /** Population standard deviation ({@code ddof = 0}); {@code NaN} when empty. */
    double std();

    /** Points where the CDF may step, ascending and distinct (every value, or the sketch's retained items). */
    double[] support();

    /** Whether the sample holds every value (statistics are then exact). */
    default boolean exact() {
        return rankError() == 0;
    }

    /**
     * Bound on {@code |cdf(x) − true CDF(x)|}, a ratio: 0 for exact samples, the KLL normalized rank
     * error (99 % confidence) for sketches.
     */
    double rankError();
}
