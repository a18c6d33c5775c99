package dev.shepherd.predictionlog;

import java.util.List;

/**
 * Durable destination of prediction events (the store's table, later Kafka). Called from one
 * background writer thread with batches; may block; an exception fails the whole batch.
 */
public interface PredictionSink {
    void write(List<PredictionEvent> batch);
}
