package dev.shepherd.predictionlog;

/**
 * The hot path's handle on the prediction log. {@link #offer} never blocks: an event that does
 * not fit the bounded queue is dropped and counted. Thread-safe.
 */
public interface PredictionLog extends AutoCloseable {

    /** Queues the event; returns {@code false} (and counts a drop) when the queue is full. */
    boolean offer(PredictionEvent event);

    /** Whether payloads of the next request should be recorded (sampling decision). */
    boolean samplePayload();

    /** Counters since start. */
    Stats stats();

    /** Flushes what is queued, then stops the writer. */
    @Override
    void close();

    /**
     * @param accepted events queued
     * @param dropped  events dropped because the queue was full
     * @param written  events the sink accepted
     * @param failed   events lost because the sink failed
     */
    record Stats(long accepted, long dropped, long written, long failed) {
    }

    /** A log that keeps nothing, for tests and tools. */
    static PredictionLog noop() {
        return NoopPredictionLog.INSTANCE;
    }
}
