package dev.shepherd.config;

import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import java.util.List;

/**
 * The validated content of one or more declarative documents: model versions to register and
 * deployments to create or update, in document order. Model artifact paths are absolute and
 * hashed; deployments still have to be checked against the registry when applied.
 * {@code references} holds the reference profiles declared by Models ({@code spec.reference}),
 * serialized and validated, by {@code model:version}.
 */
public record ConfigBundle(List<ModelVersion> models, List<Deployment> deployments,
                           java.util.Map<String, byte[]> references) {
    public ConfigBundle {
        models = List.copyOf(models);
        deployments = List.copyOf(deployments);
        references = java.util.Map.copyOf(references);
    }

    /** A bundle without reference profiles. */
    public ConfigBundle(List<ModelVersion> models, List<Deployment> deployments) {
        this(models, deployments, java.util.Map.of());
    }

    /** The same models and references with other deployments. */
    public ConfigBundle withDeployments(List<Deployment> other) {
        return new ConfigBundle(models, other, references);
    }
}
