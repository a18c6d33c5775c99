package dev.shepherd.monitor;

import org.HdrHistogram.Histogram;

/**
 * Latency quantiles of a window, in <b>seconds</b>, from an HdrHistogram recorded in microseconds
 * with 3 significant digits: each value is within 0.1 % (or 1 µs, whichever is larger) of a
 * recorded latency at that rank (nearest-rank definition). All {@code NaN} when {@code count} is 0.
 *
 * @param count requests with a recorded latency
 * @param p50   median, seconds
 * @param p90   90th percentile, seconds
 * @param p99   99th percentile, seconds
 * @param max   largest, seconds
 * @param mean  mean, seconds
 */
public record LatencySummary(long count, double p50, double p90, double p99, double max, double mean) {
    /** No latencies. */
    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    private static final double MICROS = 1e6;

    static LatencySummary of(Histogram micros) {
        long n = micros.getTotalCount();
        if (n == 0) {
            return EMPTY;
        }
        return new LatencySummary(n, micros.getValueAtPercentile(50) / MICROS,
                micros.getValueAtPercentile(90) / MICROS, micros.getValueAtPercentile(99) / MICROS,
                micros.getMaxValue() / MICROS, micros.getMean() / MICROS);
    }
}
