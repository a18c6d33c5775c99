package dev.shepherd.monitor;

import dev.shepherd.schema.Prediction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable statistics of ground-truth labels and user events of a series, counted in the bucket
 * where they arrive. Not thread-safe: a stripe lock guards it.
 *
 * <p>A class label counts towards accuracy whatever was predicted (a null answer is wrong); a
 * numeric label counts towards MAE only when the version answered a finite score, otherwise it is
 * "unscored".
 */
final class FeedbackAccumulator {
    /** Most distinct event names counted per series and bucket (more go to {@code _other}). */
    static final int MAX_EVENTS = 64;

    long labels;
    long classLabels;
    long correct;
    long regressionLabels;
    long unscored;
    double absErrorSum;
    final NamedCounts events = new NamedCounts(MAX_EVENTS);

    void label(Prediction predicted, String trueLabel, Double trueValue) {
        labels++;
        if (trueLabel != null) {
            classLabels++;
            if (predicted instanceof Prediction.ClassPrediction c && trueLabel.equals(c.label())) {
                correct++;
            }
        }
        if (trueValue != null && Double.isFinite(trueValue)) {
            if (predicted instanceof Prediction.ScorePrediction s && Double.isFinite(s.score())) {
                regressionLabels++;
                absErrorSum += Math.abs(s.score() - trueValue);
            } else {
                unscored++;
            }
        }
    }

    void event(String name, double value) {
        events.add(name, 1, Double.isFinite(value) ? value : 0);
    }

    boolean isEmpty() {
        return labels == 0 && events.isEmpty();
    }

    void merge(FeedbackAccumulator o) {
        labels += o.labels;
        classLabels += o.classLabels;
        correct += o.correct;
        regressionLabels += o.regressionLabels;
        unscored += o.unscored;
        absErrorSum += o.absErrorSum;
        events.merge(o.events);
    }

    void reset() {
        labels = 0;
        classLabels = 0;
        correct = 0;
        regressionLabels = 0;
        unscored = 0;
        absErrorSum = 0;
        events.reset();
    }

    FeedbackStats snapshot(long requests) {
        return new FeedbackStats(labels, classLabels, correct, regressionLabels, unscored, absErrorSum,
                events.counts(), events.sums(), requests);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(labels);
        out.writeLong(classLabels);
        out.writeLong(correct);
        out.writeLong(regressionLabels);
        out.writeLong(unscored);
        out.writeDouble(absErrorSum);
        events.write(out);
    }

    void readInto(DataInput in) throws IOException {
        labels = in.readLong();
        classLabels = in.readLong();
        correct = in.readLong();
        regressionLabels = in.readLong();
        unscored = in.readLong();
        absErrorSum = in.readDouble();
        events.readInto(in);
    }
}
