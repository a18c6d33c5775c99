package dev.shepherd.serving;

import dev.shepherd.monitor.Role;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.List;

/**
 * The answer to one inference request.
 *
 * @param requestId    the request id
 * @param deployment   the deployment called
 * @param model        the model name
 * @param version      the version that answered
 * @param schema       that version's schema (to encode the answer)
 * @param predictions  one per instance, in order
 * @param latencyNanos time spent inside the gateway, nanoseconds
 * @param role         the part the version plays: primary, or candidate during a rollout
 * @param batch        the request's instances as decoded for that version (what the model saw)
 */
public record InferenceResult(String requestId, String deployment, String model, String version,
                              ModelSchema schema, List<Prediction> predictions, long latencyNanos, Role role,
                              Batch batch) {
}
