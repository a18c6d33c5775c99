package dev.shepherd.feedback;

import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.Prediction;

/**
 * Where {@link FeedbackService} forwards feedback once it is stored: monitoring, which counts
 * accuracy, MAE and event rates per series. Called on the request thread after the store write;
 * must be fast and must not throw (an exception is logged and ignored, the feedback stays stored).
 * Implementations are thread-safe.
 */
public interface FeedbackSink {

    /**
     * A ground-truth label joined to what the version predicted for that instance. Called once
     * per labelled instance, only for labels whose prediction was logged; exactly one of
     * {@code trueLabel} and {@code trueValue} is set.
     */
    void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue);

    /** A user event of the series; {@code value} is finite (1 when the client sent none). */
    void event(SeriesKey key, String event, double value);

    /** A sink that drops everything. */
    static FeedbackSink none() {
        return NoopFeedbackSink.INSTANCE;
    }
}
