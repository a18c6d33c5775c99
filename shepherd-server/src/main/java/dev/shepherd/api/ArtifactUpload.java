package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.ConflictException;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.registry.Artifacts;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.VersionConflicts;
import dev.shepherd.serving.Gateway;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a model version from a {@code multipart/form-data} upload: a part {@code metadata}
 * holding the Model document (JSON or YAML; its {@code spec.uri} is ignored) and a part
 * {@code artifact} holding the file. The file is stored with {@link Artifacts#store} under the
 * store's data directory ({@code artifacts/<name>/<version>/<file name>}), the document's
 * {@code spec.uri} and {@code sha256} are set to the stored file, and the version is registered
 * (its runtime must load it). Nothing stays on disk when registration fails.
 *
 * <p>Versions are immutable: uploading to an existing {@code name:version} is answered with the
 * stored version when the artifact's SHA-256 and the document match, and with a 409 otherwise;
 * the stored file is never overwritten. Limits: the whole request at most {@code maxUploadBytes}
 * (413), the metadata part at most {@code maxBodyBytes}. Thread-safe: uploads are serialized.
 */
final class ArtifactUpload {
    /** The outcome: the stored version and whether this request created it. */
    record Registered(ModelVersion version, boolean created) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactUpload.class);
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    /** Parts larger than this are spooled to a temporary file instead of memory, bytes. */
    private static final int IN_MEMORY_PART_BYTES = 1 << 20;

    private final Gateway gateway;
    private final ConfigParser parser;
    private final Path baseDir;
    private final long maxUploadBytes;
    private final long maxMetadataBytes;
    private final ReentrantLock lock = new ReentrantLock();

    ArtifactUpload(Gateway gateway, ConfigParser parser, Path baseDir, long maxUploadBytes, long maxMetadataBytes) {
        this.gateway = gateway;
        this.parser = parser;
        this.baseDir = baseDir;
        this.maxUploadBytes = Math.min(maxUploadBytes, Integer.MAX_VALUE - 16);
        this.maxMetadataBytes = maxMetadataBytes;
    }

    Registered register(Context ctx) {
        Bodies.checkDeclaredLength(ctx, maxUploadBytes);
        ctx.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(
                System.getProperty("java.io.tmpdir"), maxUploadBytes, maxUploadBytes, IN_MEMORY_PART_BYTES));
        Part metaPart = part(ctx, "metadata", "the Model document (JSON or YAML)");
        Part artifactPart = part(ctx, "artifact", "the model file");
        ObjectNode doc = SingleDocument.of(Bodies.parseYaml(bytes(metaPart, maxMetadataBytes, "metadata")), "Model");
        byte[] artifact = bytes(artifactPart, maxUploadBytes, "artifact");
        if (artifact.length == 0) {
            throw new InvalidInputException("artifact", "artifact: the uploaded file is empty");
        }
        String name = text(doc, "metadata", "name");
        String version = text(doc, "metadata", "version");
        String runtime = text(doc, "spec", "runtime");
        if (!(doc.get("spec") instanceof ObjectNode spec) || name == null || version == null) {
            // let the parser report every missing field at once
            throw SingleDocument.relative(invalid(doc));
        }
        String sha = Artifacts.sha256(artifact);
        String fileName = fileName(artifactPart.getSubmittedFileName(), runtime);
        lock.lock();
        try {
            Optional<ModelVersion> existing = gateway.store().models().find(name, version);
            if (existing.isPresent()) {
                if (!Objects.equals(existing.get().sha256(), sha)) {
                    throw new ConflictException(VersionConflicts.FIELD, "model version " + name + ":" + version
                            + " is already registered with a different artifact (sha256 " + existing.get().sha256()
                            + ", uploaded " + sha + "); versions are immutable, register a new version");
                }
                spec.put("uri", existing.get().uri());
                return new Registered(gateway.register(withSha(parse(doc), sha)), false);
            }
            Path stored = Artifacts.store(gateway.store().dataDir(), name, version, fileName, artifact);
            try {
                spec.put("uri", stored.toString());
                ModelVersion registered = gateway.register(withSha(parse(doc), sha));
                LOG.info("registered {}:{} from an upload of {} bytes (sha256 {})", name, version, artifact.length, sha);
                return new Registered(registered, true);
            } catch (RuntimeException e) {
                deleteQuietly(stored);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private ModelVersion parse(ObjectNode doc) {
        ConfigBundle bundle = SingleDocument.parse(parser, doc, baseDir, "upload");
        if (bundle.models().size() != 1) {
            throw new InvalidConfigException("kind", "the metadata part must be a Model document");
        }
        return bundle.models().getFirst();
    }

    private InvalidConfigException invalid(ObjectNode doc) {
        try {
            parser.parseDocuments(List.of(doc), baseDir, "upload");
        } catch (InvalidConfigException e) {
            return e;
        }
        return new InvalidConfigException("metadata", "the metadata part must name the model and its version");
    }

    private static ModelVersion withSha(ModelVersion v, String sha) {
        return new ModelVersion(v.name(), v.version(), v.runtime(), v.uri(), sha, v.schema(), v.options(),
                v.createdAt(), v.provenance());
    }

    private static Part part(Context ctx, String name, String what) {
        try {
            Part p = ctx.req().getPart(name);
            if (p == null) {
                throw new InvalidInputException(name, name + ": multipart part '" + name + "' (" + what + ") is missing");
            }
            return p;
        } catch (IOException | ServletException | IllegalStateException e) {
            throw multipartFailure(e);
        }
    }

    private static byte[] bytes(Part part, long limit, String field) {
        if (part.getSize() > limit) {
            throw Bodies.tooLarge(field + ": part of " + part.getSize() + " bytes exceeds the limit of " + limit + " bytes");
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ShepherdException(ErrorCode.MALFORMED_BODY, field + ": part could not be read: " + e.getMessage(), field);
        }
    }

    /** Jetty reports size limits and syntax errors of multipart bodies as exceptions; name them. */
    private static ShepherdException multipartFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("max") || m.contains("too large") || m.contains("exceeds")) {
                return Bodies.tooLarge("multipart upload exceeds the limit: " + t.getMessage());
            }
        }
        return new ShepherdException(ErrorCode.MALFORMED_BODY, "malformed multipart body: " + e.getMessage(), "body");
    }

    private static String text(JsonNode doc, String section, String field) {
        JsonNode v = doc.path(section).path(field);
        return v.isValueNode() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** A safe file name from the client's: its last path segment, unsafe characters replaced. */
    static String fileName(String submitted, String runtime) {
        String n = submitted == null ? "" : submitted;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[^A-Za-z0-9._-]", "_");
        if (n.length() > 128) {
            n = n.substring(n.length() - 128);
        }
        if (n.isEmpty() || n.chars().allMatch(c -> c == '.')) {
            return switch (runtime == null ? "" : runtime) {
                case "onnx" -> "model.onnx";
                case "java" -> "model.jar";
                default -> "artifact";
            };
        }
        return n;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
            Files.deleteIfExists(file.getParent().getParent());
        } catch (IOException e) {
            LOG.debug("could not clean up {}: {}", file, e.getMessage());
        }
    }
}
