package dev.shepherd.monitor;

import java.util.Map;

/**
 * Ground-truth labels and user events of a series in a window, counted by arrival time.
 * Immutable.
 */
public final class FeedbackStats {
    private final long labels;
    private final long classLabels;
    private final long correct;
    private final long regressionLabels;
    private final long unscored;
    private final double absErrorSum;
    private final Map<String, Long> events;
    private final Map<String, Double> eventValues;
    private final long requests;

    FeedbackStats(long labels, long classLabels, long correct, long regressionLabels, long unscored,
                  double absErrorSum, Map<String, Long> events, Map<String, Double> eventValues, long requests) {
        this.labels = labels;
        this.classLabels = classLabels;
        this.correct = correct;
        this.regressionLabels = regressionLabels;
        this.unscored = unscored;
        this.absErrorSum = absErrorSum;
        this.events = events;
        this.eventValues = eventValues;
        this.requests = requests;
    }

    /** Labels received. */
    public long labels() {
        return labels;
    }

    /** Labels carrying a true class. */
    public long classificationLabels() {
        return classLabels;
    }

    /** Class labels equal to the predicted class (a null answer is never correct). */
    public long correct() {
        return correct;
    }

    /** {@link #correct()} over {@link #classificationLabels()}, a ratio; {@code NaN} without class labels. */
    public double accuracy() {
        return OutputStats.ratio(correct, classLabels);
    }

    /** Numeric labels whose prediction was a finite score. */
    public long regressionLabels() {
        return regressionLabels;
    }

    /** Numeric labels whose prediction was null or not a score (not in MAE). */
    public long unscoredLabels() {
        return unscored;
    }

    /** Mean absolute error of scores against numeric labels, in the label's unit; {@code NaN} without any. */
    public double mae() {
        return regressionLabels == 0 ? Double.NaN : absErrorSum / regressionLabels;
    }

    /** Count of each event name, most frequent first. */
    public Map<String, Long> events() {
        return events;
    }

    /** Sum of the values of each event name. */
    public Map<String, Double> eventValues() {
        return eventValues;
    }

    /** Events named {@code event} per request of the series in the window; {@code NaN} without requests. */
    public double eventRate(String event) {
        return OutputStats.ratio(events.getOrDefault(event, 0L), requests);
    }
}
