package dev.shepherd.registry;

import dev.shepherd.schema.ModelSchema;
import java.time.Instant;
import java.util.Map;

/**
 * An immutable, registered model version.
 *
 * @param name       model name ({@code loan-default})
 * @param version    version label ({@code v2}), unique per name
 * @param runtime    {@code onnx}, {@code java} or {@code remote}
 * @param uri        artifact location: a file path for {@code onnx} (absolute once registered), a
 *                   jar path or {@code classpath:} for {@code java}, the upstream base URL for
 *                   {@code remote}
 * @param sha256     hex SHA-256 of the artifact file, or {@code null} when there is no file
 * @param schema     the typed inputs and output
 * @param options    runtime options (for example {@code className}, {@code upstreamModel},
 *                   {@code timeoutMs}); strings
 * @param createdAt  registration time
 * @param provenance how it was made
 */
public record ModelVersion(String name, String version, String runtime, String uri, String sha256,
                           ModelSchema schema, Map<String, String> options, Instant createdAt,
                           Provenance provenance) {
    public ModelVersion {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** {@code name:version}, the registry key. */
    public String key() {
        return name + ":" + version;
    }
}
