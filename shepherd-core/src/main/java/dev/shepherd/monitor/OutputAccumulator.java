package dev.shepherd.monitor;

import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Mergeable statistics of a series' answers: null outputs, class mix, confidence and scores. Not
 * thread-safe: a stripe lock guards it.
 *
 * <p>A prediction is null when it is a {@link Prediction.NullPrediction}, a {@code null} element,
 * a class without a label or with a {@code NaN} probability, a non-finite score, or a tensor
 * holding {@code NaN}. Confidence is the top probability of a class prediction (skipped when the
 * model gave no probabilities); low confidence is strictly below the threshold.
 */
final class OutputAccumulator {
    /** Most distinct class labels counted per series and bucket (more go to {@code _other}). */
    static final int MAX_CLASSES = 1024;

    long predictions;
    long nulls;
    long lowConfidence;
    final NamedCounts classes = new NamedCounts(MAX_CLASSES);
    final NumericAccumulator confidence = new NumericAccumulator();
    final NumericAccumulator scores = new NumericAccumulator();

    void record(List<Prediction> answers, double threshold) {
        for (int i = 0, n = answers.size(); i < n; i++) {
            predictions++;
            switch (answers.get(i)) {
                case Prediction.ClassPrediction c -> recordClass(c, threshold);
                case Prediction.ScorePrediction s -> {
                    if (Double.isFinite(s.score())) {
                        scores.add(s.score());
                    } else {
                        nulls++;
                    }
                }
                case Prediction.TensorPrediction t -> {
                    if (!usable(t.tensor())) {
                        nulls++;
                    }
                }
                case Prediction.NullPrediction ignored -> nulls++;
                case null -> nulls++;
            }
        }
    }

    private void recordClass(Prediction.ClassPrediction c, double threshold) {
        double[] p = c.probabilities();
        double top = Double.NEGATIVE_INFINITY;
        if (p != null) {
            for (double x : p) {
                if (Double.isNaN(x)) {
                    top = Double.NaN;
                    break;
                }
                top = Math.max(top, x);
            }
        }
        if (c.label() == null || c.label().isEmpty() || Double.isNaN(top)) {
            nulls++; // null, empty or NaN answers are counted, never classed
            return;
        }
        classes.increment(c.label());
        if (Double.isFinite(top)) {
            confidence.add(top);
            if (top < threshold) {
                lowConfidence++;
            }
        }
    }

    private static boolean usable(Tensor t) {
        if (t == null || t.data() == null || t.data().length == 0) {
            return false;
        }
        for (double x : t.data()) {
            if (Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    void merge(OutputAccumulator o) {
        predictions += o.predictions;
        nulls += o.nulls;
        lowConfidence += o.lowConfidence;
        classes.merge(o.classes);
        confidence.merge(o.confidence);
        scores.merge(o.scores);
    }

    void reset() {
        predictions = 0;
        nulls = 0;
        lowConfidence = 0;
        classes.reset();
        confidence.reset();
        scores.reset();
    }

    OutputStats snapshot(double threshold) {
        return new OutputStats(predictions, nulls, classes.counts(), confidence.snapshot(), lowConfidence, threshold,
                scores.snapshot());
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(predictions);
        out.writeLong(nulls);
        out.writeLong(lowConfidence);
        classes.write(out);
        confidence.write(out);
        scores.write(out);
    }

    void readInto(DataInput in) throws IOException {
        predictions = in.readLong();
        nulls = in.readLong();
        lowConfidence = in.readLong();
        classes.readInto(in);
        confidence.merge(NumericAccumulator.read(in));
        scores.merge(NumericAccumulator.read(in));
    }
}
