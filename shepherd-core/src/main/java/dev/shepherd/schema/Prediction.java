package dev.shepherd.schema;

import java.util.Arrays;

/**
 * One model answer for one instance. A closed set: {@link ClassPrediction},
 * {@link ScorePrediction}, {@link TensorPrediction}, or {@link NullPrediction} when the model
 * produced nothing usable (null, empty or NaN), which is answered as JSON {@code null} and
 * counted by monitoring rather than hidden.
 */
public sealed interface Prediction {

    /** A class label with the probability of every declared label (same order as the schema). */
    record ClassPrediction(String label, double[] probabilities) implements Prediction {
        /** The top probability, the model's confidence. */
        public double confidence() {
            double max = Double.NaN;
            for (double p : probabilities) {
                if (Double.isNaN(max) || p > max) {
                    max = p;
                }
            }
            return max;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClassPrediction c && c.label.equals(label)
                    && Arrays.equals(c.probabilities, probabilities);
        }

        @Override
        public int hashCode() {
            return label.hashCode() * 31 + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return label + Arrays.toString(probabilities);
        }
    }

    /** A single number (regression, ranking score). */
    record ScorePrediction(double score) implements Prediction {
    }

    /** A tensor answer. */
    record TensorPrediction(Tensor tensor) implements Prediction {
    }

    /** No usable answer; see the interface comment. */
    record NullPrediction(String reason) implements Prediction {
    }
}
