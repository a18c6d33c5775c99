package dev.shepherd.runtime;

import dev.shepherd.registry.ModelVersion;

/**
 * Turns a registered {@link ModelVersion} into a loaded {@link Model} for one runtime kind
 * ({@code onnx}, {@code java}, {@code remote}). Loaders are registered with a {@link Runtimes}
 * table at the composition root. Thread-safe.
 */
public interface ModelLoader {

    /** The runtime name this loader handles, as written in {@code spec.runtime}. */
    String runtime();

    /**
     * Loads the version. Artifact problems (missing file, unreadable model, schema that does not
     * fit the artifact) raise {@link dev.shepherd.error.InvalidConfigException} naming
     * {@code spec.uri} or {@code spec.schema...}.
     */
    Model load(ModelVersion version);
}
