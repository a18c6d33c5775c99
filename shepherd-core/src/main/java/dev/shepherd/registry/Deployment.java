package dev.shepherd.registry;

import java.time.Instant;

/**
 * A named endpoint clients call. It serves one version of one model ({@code model}, default the
 * deployment's own name). {@code spec} keeps the declared document (as JSON text) so later
 * features (rollout, automation, monitoring, alerts) read their sections from it.
 *
 * @param name      deployment name, the {@code {name}} in every URL
 * @param model     the model name whose versions it serves
 * @param serving   the version that answers
 * @param specJson  the deployment's {@code spec} as JSON text
 * @param updatedAt last change
 */
public record Deployment(String name, String model, String serving, String specJson, Instant updatedAt) {
}
