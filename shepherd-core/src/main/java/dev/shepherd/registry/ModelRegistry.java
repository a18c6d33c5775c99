package dev.shepherd.registry;

import java.util.List;
import java.util.Optional;

/**
 * Where model versions are recorded. Versions are immutable: registering an existing
 * {@code name:version} with a different artifact or schema is a
 * {@link dev.shepherd.error.ConflictException}; the identical registration is a no-op.
 * Implementations are thread-safe. One contract suite runs against every implementation.
 */
public interface ModelRegistry {

    /** Records {@code version}; returns the stored one (the existing one on an identical re-registration). */
    ModelVersion register(ModelVersion version);

    Optional<ModelVersion> find(String name, String version);

    /** Every version of every model, ordered by name then creation time. */
    List<ModelVersion> list();

    /** Every version of {@code name}, oldest first. */
    List<ModelVersion> versions(String name);
}
