package dev.shepherd.monitor;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.List;

/**
 * What the gateway saw of one request, handed to monitoring after the answer is known.
 *
 * @param batch        the decoded inputs, or {@code null} when decoding failed
 * @param predictions  the answers, or {@code null} when the request failed
 * @param outcome      {@code ok} or an error code's wire name
 * @param latencyNanos end-to-end latency inside the gateway, nanoseconds
 * @param modelNanos   time spent inside the model, nanoseconds (0 when not invoked)
 * @param payloadBytes request body size in bytes (0 when unknown)
 */
public record RequestObservation(Batch batch, List<Prediction> predictions, String outcome, long latencyNanos,
                                 long modelNanos, long payloadBytes) {
}
