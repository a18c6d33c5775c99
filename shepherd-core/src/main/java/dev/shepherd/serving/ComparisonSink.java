package dev.shepherd.serving;

import dev.shepherd.schema.Prediction;
import java.util.List;

/**
 * Receives the primary's and the candidate's answers to the same request, when both ran: a shadow
 * copy, or a canary request mirrored to the primary. Called on a shadow worker thread, never on
 * the request path; must not throw.
 */
@FunctionalInterface
public interface ComparisonSink {

    /**
     * @param deployment the deployment
     * @param candidate  the candidate version
     * @param primary    the primary's predictions, one per instance
     * @param other      the candidate's predictions, in the same order
     */
    void compared(String deployment, String candidate, List<Prediction> primary, List<Prediction> other);

    static ComparisonSink none() {
        return (d, c, p, o) -> { };
    }
}
