package dev.shepherd.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The few fields of a stored deployment spec the gateway itself reads. Stateless and thread-safe. */
final class DeploymentSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentSpecs() {
    }

    /** {@code spec.monitoring.enabled}; default {@code true}. */
    static boolean monitoringEnabled(String specJson) {
        JsonNode enabled = path(specJson, "monitoring", "enabled");
        return enabled == null || !enabled.isBoolean() || enabled.booleanValue();
    }

    /** {@code spec.rollout.candidate}, or {@code null}. */
    static String rolloutCandidate(String specJson) {
        JsonNode c = path(specJson, "rollout", "candidate");
        return c != null && c.isTextual() ? c.textValue() : null;
    }

    private static JsonNode path(String specJson, String section, String field) {
        if (specJson == null || specJson.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(specJson).path(section).path(field);
        } catch (IOException e) {
            return null;
        }
    }
}
