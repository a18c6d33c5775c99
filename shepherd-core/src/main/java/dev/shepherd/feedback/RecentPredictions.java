package dev.shepherd.feedback;

import dev.shepherd.predictionlog.PredictionEvent;
import java.util.List;
import java.util.Optional;

/**
 * Requests answered so recently that the prediction log may not have flushed them to the store
 * yet (it writes in batches in the background). {@link FeedbackService} asks this first, then the
 * store, so a label sent right after its answer is not refused as unknown. Thread-safe.
 */
@FunctionalInterface
public interface RecentPredictions {

    /** The logged event of {@code requestId}, if it is still held in memory. */
    Optional<PredictionEvent> find(String requestId);

    /**
     * Answers other versions gave to the same request without returning them (a shadow's), held in
     * memory only; labels for the request are joined to them too. Empty by default.
     */
    default List<PredictionEvent> counterparts(String requestId) {
        return List.of();
    }

    /** Holds nothing: every lookup goes to the store. */
    static RecentPredictions none() {
        return requestId -> Optional.empty();
    }
}
