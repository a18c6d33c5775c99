package dev.shepherd.api;

import dev.shepherd.error.InvalidInputException;
import java.time.Duration;

/**
 * The {@code window} and {@code step} query parameters of the metrics API, validated at the edge.
 * Durations are written {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} (or ISO-8601,
 * {@code PT5M}). A window lies in {@value #MIN_WINDOW_TEXT}..{@value #MAX_WINDOW_TEXT}; a step is a
 * whole number of monitoring buckets, at most the window, and gives at most {@value #MAX_POINTS}
 * points. Every violation is a 400 {@code invalid_input} naming the parameter and its value.
 *
 * @param window how far back from now
 * @param step   width of one point of a time series (equal to {@code window} for a summary)
 */
record MetricsQuery(Duration window, Duration step) {
    static final Duration MIN_WINDOW = Duration.ofSeconds(30);
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    static final String MIN_WINDOW_TEXT = "30s";
    static final String MAX_WINDOW_TEXT = "30d";
    /** Most points one time series may have. */
    static final int MAX_POINTS = 1000;
    /** Points a series gets when no step is given (fewer when the bucket is coarser). */
    static final int DEFAULT_POINTS = 60;
    /** Windows of the server-load history ({@code GET /api/v1/system}): 1m..7d, at most 2,000 points. */
    static final Duration MIN_SYSTEM_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_SYSTEM_WINDOW = Duration.ofDays(7);
    static final int MAX_SYSTEM_POINTS = 2000;


    /** {@code ?window=&step=} of a time-series request; the window defaults to {@code 1h}. */
    static MetricsQuery series(String windowParam, String stepParam, Duration bucket) {
        Duration window = window(windowParam, Duration.ofHours(1));
        if (stepParam == null || stepParam.isBlank()) {
            long buckets = Math.max(1, ceilDiv(window.toMillis(), DEFAULT_POINTS * bucket.toMillis()));
            return new MetricsQuery(window, bucket.multipliedBy(buckets));
        }
        Duration step = parse("step", stepParam);
        if (step.compareTo(bucket) < 0 || step.toMillis() % bucket.toMillis() != 0) {
            throw new InvalidInputException("step", "step must be a whole multiple of the monitoring bucket "
                    + text(bucket) + ", was " + stepParam);
        }
        if (step.compareTo(window) > 0) {
            throw new InvalidInputException("step", "step must not exceed the window " + text(window) + ", was "
                    + stepParam);
        }
        long points = ceilDiv(window.toMillis(), step.toMillis());
        if (points > MAX_POINTS) {
            throw new InvalidInputException("step", "window " + text(window) + " at step " + stepParam + " gives "
                    + points + " points, more than the limit of " + MAX_POINTS + "; use a larger step");
        }
        return new MetricsQuery(window, step);
    }

    /**
     * {@code ?window=&step=} of the server-load history: the window in 1m..7d (default {@code 1h}),
     * the step at least one sample interval ({@code interval}), at most the window and giving at
     * most {@value #MAX_SYSTEM_POINTS} points; without a step, about {@value #DEFAULT_POINTS}
     * points in whole intervals.
     */
    static MetricsQuery system(String windowParam, String stepParam, Duration interval) {
        Duration window = window(windowParam, Duration.ofHours(1), MIN_SYSTEM_WINDOW, MAX_SYSTEM_WINDOW);
        if (stepParam == null || stepParam.isBlank()) {
            long intervals = Math.max(1, ceilDiv(window.toMillis(), DEFAULT_POINTS * interval.toMillis()));
            return new MetricsQuery(window, interval.multipliedBy(intervals));
        }
        Duration step = parse("step", stepParam);
        if (step.compareTo(interval) < 0) {
            throw new InvalidInputException("step", "step must be at least the sample interval " + text(interval)
                    + ", was " + stepParam);
        }
        if (step.compareTo(window) > 0) {
            throw new InvalidInputException("step", "step must not exceed the window " + text(window) + ", was "
                    + stepParam);
        }
        long points = ceilDiv(window.toMillis(), step.toMillis());
        if (points > MAX_SYSTEM_POINTS) {
            throw new InvalidInputException("step", "window " + text(window) + " at step " + stepParam + " gives "
                    + points + " points, more than the limit of " + MAX_SYSTEM_POINTS + "; use a larger step");
        }
        return new MetricsQuery(window, step);
    }

    /** {@code ?window=} of a summary request; defaults to {@code 5m}. One point covering the window. */
    static MetricsQuery summary(String windowParam, Duration bucket) {
        Duration window = window(windowParam, Duration.ofMinutes(5));
        if (window.compareTo(bucket) < 0) {
            throw new InvalidInputException("window", "window must be at least the monitoring bucket " + text(bucket)
                    + ", was " + windowParam);
        }
        return new MetricsQuery(window, window);
    }

    private static Duration window(String raw, Duration fallback) {
        return window(raw, fallback, MIN_WINDOW, MAX_WINDOW);
    }

    private static Duration window(String raw, Duration fallback, Duration min, Duration max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        Duration d = parse("window", raw);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidInputException("window", "window must be in " + text(min) + ".." + text(max)
                    + ", was " + raw);
        }
        return d;
    }

    /** A positive duration, or a 400 on {@code param}. */
    static Duration parse(String param, String raw) {
        Duration d = dev.shepherd.config.Durations.parse(raw);
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(param, param
                    + " must be a positive duration such as 30s, 5m, 1h or 7d, was '" + raw + "'");
        }
        if (d.compareTo(MAX_WINDOW.multipliedBy(2)) > 0) {
            // Far beyond any window: refuse here, before millisecond arithmetic can overflow.
            throw new InvalidInputException(param, param + " must be at most " + MAX_WINDOW_TEXT + ", was " + raw);
        }
        return d;
    }

    /** The short form of a duration ({@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}, else ISO-8601). */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
