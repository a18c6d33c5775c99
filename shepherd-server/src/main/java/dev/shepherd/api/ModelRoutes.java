package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;

/**
 * The model registry over HTTP:
 *
 * <ul>
 *   <li>{@code GET /api/v1/models} → {@code {"models": [version…]}}, every version of every model</li>
 *   <li>{@code GET /api/v1/models/{name}} → {@code {"name", "versions": [version…]}}, or 404</li>
 *   <li>{@code GET /api/v1/models/{name}/versions/{version}} → the version, or 404</li>
 *   <li>{@code POST /api/v1/models} → registers one version: a Model document (JSON or YAML) whose
 *       {@code spec.uri} is a file on the server (relative paths resolve against the server's
 *       configuration directory), a jar or {@code classpath:} for {@code java}, an upstream URL for
 *       {@code remote}; or {@code multipart/form-data} (see {@link ArtifactUpload}). 201 with the
 *       version when registered, 200 when the identical version already was, 409 when a different
 *       one is.</li>
 * </ul>
 *
 * The version view is described on {@link Views}. Thread-safe.
 */
final class ModelRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Gateway gateway;
    private final ConfigParser parser;
    private final Bodies bodies;
    private final Path baseDir;
    private final ArtifactUpload upload;

    ModelRoutes(Gateway gateway, ConfigParser parser, Bodies bodies, Path baseDir, ArtifactUpload upload) {
        this.gateway = gateway;
        this.parser = parser;
        this.bodies = bodies;
        this.baseDir = baseDir;
        this.upload = upload;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/models", this::list);
        routes.get("/api/v1/models/{name}", this::versions);
        routes.get("/api/v1/models/{name}/versions/{version}", this::version);
        routes.post("/api/v1/models", this::register);
    }

    private void list(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("models");
        gateway.store().models().list().forEach(v -> arr.add(Views.version(v)));
        Responses.json(ctx, 200, out);
    }

    private void versions(Context ctx) {
        String name = ctx.pathParam("name");
        List<ModelVersion> versions = gateway.store().models().versions(name);
        if (versions.isEmpty()) {
            throw new NotFoundException("name", "model '" + name + "' has no registered version");
        }
        ObjectNode out = F.objectNode();
        out.put("name", name);
        ArrayNode arr = out.putArray("versions");
        versions.forEach(v -> arr.add(Views.version(v)));
        Responses.json(ctx, 200, out);
    }

    private void version(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        ModelVersion v = gateway.store().models().find(name, version).orElseThrow(() ->
                new NotFoundException("version", "model version " + name + ":" + version + " is not registered"));
        Responses.json(ctx, 200, Views.version(v));
    }

    private void register(Context ctx) {
        if ("multipart/form-data".equals(Bodies.mediaType(ctx))) {
            ArtifactUpload.Registered r = upload.register(ctx);
            Responses.json(ctx, r.created() ? 201 : 200, Views.version(r.version()));
            return;
        }
        ObjectNode doc = SingleDocument.of(bodies.documents(ctx), "Model");
        ConfigBundle bundle = SingleDocument.parse(parser, doc, baseDir, "api");
        if (bundle.models().size() != 1) {
            throw new InvalidConfigException("kind", "expected a Model document");
        }
        ModelVersion mv = bundle.models().getFirst();
        boolean existed = gateway.store().models().find(mv.name(), mv.version()).isPresent();
        ModelVersion stored = gateway.register(mv);
        Responses.json(ctx, existed ? 200 : 201, Views.version(stored));
    }
}
