package dev.shepherd.monitor;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.Arrays;
import java.util.List;

/** Builders of observations, predictions and exact reference statistics for monitoring tests. */
final class Observations {
    private Observations() {
    }

    /** A one-instance request answered {@code ok} in 1 ms (0.5 ms in the model), 100 bytes. */
    static RequestObservation one(ModelSchema schema, Object[] row, Prediction answer) {
        return new RequestObservation(new Batch(schema, List.<Object[]>of(row)), List.of(answer), "ok", 1_000_000, 500_000, 100);
    }

    static RequestObservation timed(ModelSchema schema, Object[] row, Prediction answer, long latencyNanos,
                                    long modelNanos) {
        return new RequestObservation(new Batch(schema, List.<Object[]>of(row)), List.of(answer), "ok", latencyNanos,
                modelNanos, 100);
    }

    static RequestObservation failed(String code) {
        return new RequestObservation(null, null, code, 2_000_000, 0, 50);
    }

    static Prediction.ClassPrediction label(String label, double... probabilities) {
        return new Prediction.ClassPrediction(label, probabilities);
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** Two-pass sample standard deviation. */
    static double std(double[] xs) {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }

    /**
     * Whether {@code value} is a valid {@code q}-quantile of {@code sorted} within rank error
     * {@code eps}: some rank of the value (between the fraction strictly below it and the fraction
     * at or below it) lies within {@code eps} of {@code q}.
     */
    static boolean rankWithin(double[] sorted, double value, double q, double eps) {
        int n = sorted.length;
        double below = lowerBound(sorted, value) / (double) n;
        double atOrBelow = upperBound(sorted, value) / (double) n;
        return q >= below - eps && q <= atOrBelow + eps;
    }

    private static int lowerBound(double[] a, double v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == v) {
            i--;
        }
        return i;
    }

    private static int upperBound(double[] a, double v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i < a.length && a[i] == v) {
            i++;
        }
        return i;
    }
}
