package dev.shepherd.automation;

import dev.shepherd.serving.InferenceResult;
import java.util.List;

/** What became of one request under its deployment's automation level. */
public sealed interface Outcome {

    /**
     * The model answered every instance.
     *
     * @param result the model's answer
     * @param audits tickets of the instances also sampled for a blind human audit (may be empty)
     */
    record Answered(InferenceResult result, List<String> audits) implements Outcome {
    }

    /**
     * People decide some or all instances; the client polls the tickets (or is called back).
     *
     * @param requestId  the request id
     * @param deployment the deployment asked
     * @param level      the level in force
     * @param model      the model's answer when it was asked on the response path, else {@code null};
     *                   its predictions stand for the instances without a ticket
     * @param tickets    one entry per instance: the ticket of a review item, or {@code null} where
     *                   the model's answer stands
     */
    record Pending(String requestId, String deployment, AutomationLevel level, InferenceResult model,
                   List<String> tickets) implements Outcome {
    }
}
