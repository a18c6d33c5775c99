package dev.shepherd.config;

import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import java.util.List;

/**
 * The validated content of one or more declarative documents: model versions to register and
 * deployments to create or update, in document order. Model artifact paths are absolute and
 * hashed; deployments still have to be checked against the registry when applied.
 */
public record ConfigBundle(List<ModelVersion> models, List<Deployment> deployments) {
    public ConfigBundle {
        models = List.copyOf(models);
        deployments = List.copyOf(deployments);
    }
}
