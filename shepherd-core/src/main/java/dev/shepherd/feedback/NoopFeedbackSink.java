package dev.shepherd.feedback;

import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.Prediction;

/** Forwards nothing. */
enum NoopFeedbackSink implements FeedbackSink {
    INSTANCE;

    @Override
    public void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
    }

    @Override
    public void event(SeriesKey key, String event, double value) {
    }
}
