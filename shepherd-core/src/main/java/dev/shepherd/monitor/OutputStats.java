package dev.shepherd.monitor;

import java.util.Map;

/**
 * What a series answered in a window: null outputs, the class mix, confidence and scores. See
 * {@link OutputAccumulator} for what counts as null. Immutable.
 */
public final class OutputStats {
    private final long predictions;
    private final long nulls;
    private final Map<String, Long> classCounts;
    private final Distribution confidence;
    private final long lowConfidence;
    private final double lowConfidenceThreshold;
    private final Distribution scores;

    OutputStats(long predictions, long nulls, Map<String, Long> classCounts, Distribution confidence,
                long lowConfidence, double lowConfidenceThreshold, Distribution scores) {
        this.predictions = predictions;
        this.nulls = nulls;
        this.classCounts = classCounts;
        this.confidence = confidence;
        this.lowConfidence = lowConfidence;
        this.lowConfidenceThreshold = lowConfidenceThreshold;
        this.scores = scores;
    }

    /** Predictions (one per answered instance). */
    public long predictions() {
        return predictions;
    }

    /** Null, empty or NaN predictions. */
    public long nulls() {
        return nulls;
    }

    /** {@link #nulls()} over {@link #predictions()}; {@code NaN} without predictions. */
    public double nullFraction() {
        return ratio(nulls, predictions);
    }

    /** Count of each predicted class label, most frequent first (labels beyond the cap under {@code _other}). */
    public Map<String, Long> classCounts() {
        return classCounts;
    }

    /** Top probability of class predictions, a ratio in {@code [0, 1]}. */
    public Distribution confidence() {
        return confidence;
    }

    /** Class predictions whose confidence is below {@link #lowConfidenceThreshold()}. */
    public long lowConfidence() {
        return lowConfidence;
    }

    /** {@link #lowConfidence()} over class predictions with a confidence; {@code NaN} without any. */
    public double lowConfidenceFraction() {
        return ratio(lowConfidence, confidence.count());
    }

    public double lowConfidenceThreshold() {
        return lowConfidenceThreshold;
    }

    /** Finite scores of score (regression) predictions, in the model's unit. */
    public Distribution scores() {
        return scores;
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
