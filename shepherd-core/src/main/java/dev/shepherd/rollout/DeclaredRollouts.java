package dev.shepherd.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Rollouts declared in a deployment's {@code spec.rollout}: reading the declaration, and finding
 * whether the same declaration already ran from the same serving version (then it is not run
 * again). Stateless and thread-safe.
 */
final class DeclaredRollouts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeclaredRollouts() {
    }

    /** {@code spec.rollout} of a stored deployment spec, or {@code null}. */
    static JsonNode node(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(specJson).get("rollout");
            return n == null || n.isNull() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    /** The newest rollout of {@code deployment} that ran this declaration from {@code baseline}, if any. */
    static Optional<Rollout> ranBefore(RolloutStore store, String deployment, String specJson, String baseline) {
        return store.forDeployment(deployment).stream()
                .filter(past -> past.specJson().equals(specJson) && past.baseline().equals(baseline))
                .findFirst();
    }
}
