package dev.shepherd.serving;

import dev.shepherd.registry.ModelVersion;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Keeps artifacts inside the data directory portable: such a version is stored with a URI relative
 * to the data directory ({@code artifacts/loan-default/v1/model.onnx}) and resolved against it
 * when loaded, so a data directory can be moved or mounted elsewhere. Other URIs (files outside,
 * {@code classpath:}, {@code http(s)://}) are kept as they are. Immutable and thread-safe.
 */
final class ArtifactLocations {
    private final Path dataDir;

    ArtifactLocations(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The form to store: relative to the data directory when the artifact lives inside it. */
    ModelVersion portable(ModelVersion v) {
        Path p = path(v.uri());
        if (p == null || !p.isAbsolute() || !p.normalize().startsWith(dataDir)) {
            return v;
        }
        return withUri(v, dataDir.relativize(p.normalize()).toString());
    }

    /** The form to load: a relative file path resolved against the data directory. */
    ModelVersion located(ModelVersion v) {
        Path p = path(v.uri());
        if (p == null || p.isAbsolute()) {
            return v;
        }
        return withUri(v, dataDir.resolve(p).normalize().toString());
    }

    private static Path path(String uri) {
        if (uri == null || uri.isEmpty() || uri.contains(":/") || uri.startsWith("classpath:") || uri.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(uri);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static ModelVersion withUri(ModelVersion v, String uri) {
        return new ModelVersion(v.name(), v.version(), v.runtime(), uri, v.sha256(), v.schema(), v.options(),
                v.createdAt(), v.provenance());
    }
}
