package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.schema.Batch;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

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
 *       ({@code name, versions, platform, inputs, outputs}, and Shepherd's {@code artifact})</li>
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
    private final dev.shepherd.automation.AutomationLayer automation;

    /** {@code automation} may be {@code null}: every request goes to the model. */
    OipRoutes(Gateway gateway, Bodies bodies, String serverVersion, dev.shepherd.automation.AutomationLayer automation) {
        this.automation = automation;
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

    /**
     * The metadata clients need to build a request: {@code inputs} and {@code outputs} are the
     * schema's features and outputs (what a request carries), {@code platform} is the loaded
     * runtime's ({@code onnxruntime}, {@code java}, {@code remote}). When the version is loaded, a
     * Shepherd extension field {@code artifact} adds the tensors the runtime read from the artifact
     * itself ({@code {"inputs": [...], "outputs": [...]}}, the graph's own names, datatypes and
     * shapes); OIP clients ignore fields they do not know.
     */
    private void modelMetadata(Context ctx, String version) {
        String name = ctx.pathParam("name");
        ModelVersion serving = servingVersion(name, version);
        Optional<ModelInfo> info = gateway.modelInfo(name);
        String platform = info.map(ModelInfo::platform).filter(p -> !p.isBlank()).orElse(platform(serving.runtime()));
        ObjectNode meta = OipCodec.modelMetadata(name, List.of(serving.version()), platform, serving.schema());
        info.ifPresent(i -> {
            ObjectNode artifact = meta.putObject("artifact");
            artifact.set("inputs", tensors(i.inputs()));
            artifact.set("outputs", tensors(i.outputs()));
        });
        Responses.json(ctx, 200, meta);
    }

    private static ArrayNode tensors(List<ModelInfo.TensorInfo> tensors) {
        ArrayNode a = F.arrayNode();
        for (ModelInfo.TensorInfo t : tensors) {
            ObjectNode o = a.addObject();
            o.put("name", t.name());
            o.put("datatype", t.datatype());
            ArrayNode shape = o.putArray("shape");
            t.shape().forEach(shape::add);
        }
        return a;
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
        // the requested outputs are checked with the inputs, against the answering version's
        // schema, so a bad output name is a 400 before the model runs
        dev.shepherd.serving.BatchDecoder decoder = (schema, maxBatch) -> {
            Batch batch = OipCodec.decodeRequest(schema, body, maxBatch);
            OipCodec.checkRequestedOutputs(schema, body.get("outputs"));
            return batch;
        };
        JsonNode id = body.get("id");
        String responseId = id != null && id.isTextual() ? id.textValue() : requestId;
        InferenceResult r;
        if (automation == null || version != null) { // a version addressed explicitly is a direct model call
            r = gateway.infer(name, version, decoder, requestId, Bodies.bytesRead(ctx), Responses.routingKey(ctx));
        } else {
            var o = automation.automation().infer(name, decoder, requestId, Bodies.bytesRead(ctx),
                    Responses.routingKey(ctx), Responses.callbackUrl(ctx, automation.callbacks()));
            if (o instanceof dev.shepherd.automation.Outcome.Pending p) {
                // OIP has no pending answer: the instances people decide are null outputs, with tickets beside them
                ObjectNode pending = p.model() == null ? F.objectNode() : OipCodec.encodeResponse(
                        p.model().schema(), name, p.model().version(), responseId, Responses.pendingPredictions(p),
                        body.get("outputs"));
                pending.put("model_name", name);
                pending.put("id", responseId);
                pending.setAll(Responses.pending(p, null));
                Responses.json(ctx, 202, pending);
                return;
            }
            r = ((dev.shepherd.automation.Outcome.Answered) o).result();
        }
        Responses.answeredBy(ctx, r);
        Responses.json(ctx, 200, OipCodec.encodeResponse(r.schema(), name, r.version(), responseId,
                r.predictions(), body.get("outputs")));
    }

    /** The deployment's status; 404 when it, or the addressed version, does not exist. */
    private DeploymentStatus status(String name, String version) {
        DeploymentStatus s = gateway.status(name).orElseThrow(() ->
                new NotFoundException("name", "model '" + name + "' does not exist"));
        boolean candidate = version != null && gateway.split(name).map(t -> t.candidate().equals(version)).orElse(false);
        if (version != null && !candidate && (s.serving() == null || !s.serving().version().equals(version))) {
            throw new NotFoundException("version", "version '" + version + "' of model '" + name + "' is not served"
                    + (s.serving() == null ? "" : " (it serves " + s.serving().version() + ")"));
        }
        return s;
    }

    private ModelVersion servingVersion(String name, String version) {
        DeploymentStatus s = status(name, version);
        if (version != null && s.serving() != null && !s.serving().version().equals(version)) { // the candidate
            return gateway.store().models().find(s.deployment().model(), version).orElseThrow(() ->
                    new NotFoundException("version", "version '" + version + "' of model '" + name + "' is not registered"));
        }
        if (s.serving() == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model '" + name + "' is not ready: " + s.error());
        }
        return s.serving();
    }

    /** The OIP platform of a runtime name, for a version whose model is not loaded (its {@code ModelInfo} unknown). */
    static String platform(String runtime) {
        return switch (runtime) {
            case "onnx" -> "onnxruntime";
            default -> runtime;
        };
    }
}
