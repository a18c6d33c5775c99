package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The Open Inference Protocol v2 REST endpoints, so KServe, Triton and MLServer clients work
 * unchanged. A model name is a deployment name; its one version is the version the deployment
 * serves, and the {@code /versions/{version}} forms address that version explicitly (any other
 * version is a 404).
 *
 * <ul>
 *   <li>{@code GET /v2/health/live} → 200 {@code {"live": true}}</li>
 *   <li>{@code GET /v2/health/ready} → 200 {@code {"ready": true}}, or 503 {@code {"ready": false}}
 *       while a deployment cannot answer</li>
 *   <li>{@code GET /v2} → {@code {"name": "shepherd", "version", "extensions": []}}</li>
 *   <li>{@code GET /v2/models/{name}[/versions/{version}]} → model metadata
 *       ({@code name, versions, platform, inputs, outputs})</li>
 *   <li>{@code GET /v2/models/{name}[/versions/{version}]/ready} → 200 {@code {"name", "ready": true}}
 *       or 503 {@code {"name", "ready": false}}</li>
 *   <li>{@code POST /v2/models/{name}[/versions/{version}]/infer} → the OIP inference response; its
 *       {@code id} echoes the request's {@code id}, or is the request id when the request has none</li>
 * </ul>
 *
 * Thread-safe: holds no state of its own.
 */
final class OipRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Gateway gateway;
    private final Bodies bodies;
    private final String serverVersion;

    OipRoutes(Gateway gateway, Bodies bodies, String serverVersion) {
        this.gateway = gateway;
        this.bodies = bodies;
        this.serverVersion = serverVersion;
    }

    void register(RoutesConfig routes) {
        routes.get("/v2/health/live", ctx -> Responses.json(ctx, 200, F.objectNode().put("live", true)));
        routes.get("/v2/health/ready", ctx -> {
            boolean ready = gateway.ready();
            Responses.json(ctx, ready ? 200 : 503, F.objectNode().put("ready", ready));
        });
        routes.get("/v2", this::serverMetadata);
        routes.get("/v2/models/{name}", ctx -> modelMetadata(ctx, null));
        routes.get("/v2/models/{name}/ready", ctx -> modelReady(ctx, null));
        routes.post("/v2/models/{name}/infer", ctx -> infer(ctx, null));
        routes.get("/v2/models/{name}/versions/{version}", ctx -> modelMetadata(ctx, ctx.pathParam("version")));
        routes.get("/v2/models/{name}/versions/{version}/ready", ctx -> modelReady(ctx, ctx.pathParam("version")));
        routes.post("/v2/models/{name}/versions/{version}/infer", ctx -> infer(ctx, ctx.pathParam("version")));
    }

    private void serverMetadata(Context ctx) {
        ObjectNode o = F.objectNode();
        o.put("name", "shepherd");
        o.put("version", serverVersion);
        o.putArray("extensions");
        Responses.json(ctx, 200, o);
    }

    private void modelMetadata(Context ctx, String version) {
        String name = ctx.pathParam("name");
        ModelVersion serving = servingVersion(name, version);
        Responses.json(ctx, 200, OipCodec.modelMetadata(name, List.of(serving.version()),
                platform(serving.runtime()), serving.schema()));
    }

    private void modelReady(Context ctx, String version) {
        String name = ctx.pathParam("name");
        DeploymentStatus s = status(name, version);
        Responses.json(ctx, s.ready() ? 200 : 503, F.objectNode().put("name", name).put("ready", s.ready()));
    }

    private void infer(Context ctx, String version) {
        String name = ctx.pathParam("name");
        status(name, version);
        JsonNode body = bodies.json(ctx);
        String requestId = RequestIds.of(ctx);
        InferenceResult r = gateway.infer(name, version,
                (schema, maxBatch) -> OipCodec.decodeRequest(schema, body, maxBatch), requestId);
        JsonNode id = body.get("id");
        String responseId = id != null && id.isTextual() ? id.textValue() : requestId;
        ctx.header(Responses.MODEL_VERSION_HEADER, r.version());
        Responses.json(ctx, 200, OipCodec.encodeResponse(r.schema(), name, r.version(), responseId,
                r.predictions(), body.get("outputs")));
    }

    /** The deployment's status; 404 when it, or the addressed version, does not exist. */
    private DeploymentStatus status(String name, String version) {
        DeploymentStatus s = gateway.status(name).orElseThrow(() ->
                new NotFoundException("name", "model '" + name + "' does not exist"));
        if (version != null && (s.serving() == null || !s.serving().version().equals(version))) {
            throw new NotFoundException("version", "version '" + version + "' of model '" + name + "' is not served"
                    + (s.serving() == null ? "" : " (it serves " + s.serving().version() + ")"));
        }
        return s;
    }

    private ModelVersion servingVersion(String name, String version) {
        DeploymentStatus s = status(name, version);
        if (s.serving() == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model '" + name + "' is not ready: " + s.error());
        }
        return s.serving();
    }

    /**
     * The OIP platform of a runtime. The gateway does not expose the loaded model's
     * {@code ModelInfo}, so the platform is derived from the runtime name.
     */
    static String platform(String runtime) {
        return switch (runtime) {
            case "onnx" -> "onnxruntime";
            default -> runtime;
        };
    }
}
