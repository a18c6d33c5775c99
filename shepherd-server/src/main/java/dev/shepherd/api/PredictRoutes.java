package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.schema.RecordDecoder;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.PayloadJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Shepherd's plain JSON inference endpoint:
 * {@code POST /api/v1/deployments/{name}/predict} with {@code {"instances": [{feature: value}, …]}}
 * or one bare record, answered with
 * {@code {"request_id", "deployment", "model", "model_version", "predictions": [...]}} where each
 * prediction has the {@link PayloadJson} form ({@code {"label", "confidence", "probabilities"}},
 * {@code {"score"}}, {@code {"shape", "data"}} or {@code null}). Thread-safe: holds no state.
 */
final class PredictRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Gateway gateway;
    private final Bodies bodies;

    PredictRoutes(Gateway gateway, Bodies bodies) {
        this.gateway = gateway;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/deployments/{name}/predict", this::predict);
    }

    private void predict(Context ctx) {
        String name = ctx.pathParam("name");
        if (gateway.status(name).isEmpty()) {
            throw new NotFoundException("name", "deployment '" + name + "' does not exist");
        }
        JsonNode body = bodies.json(ctx);
        InferenceResult r = gateway.infer(name, null,
                (schema, maxBatch) -> RecordDecoder.decode(schema, body, maxBatch), RequestIds.of(ctx),
                Bodies.bytesRead(ctx), Responses.routingKey(ctx));
        ObjectNode out = F.objectNode();
        out.put("request_id", r.requestId());
        out.put("deployment", r.deployment());
        out.put("model", r.model());
        out.put("model_version", r.version());
        out.put("role", r.role().wireName());
        out.set("predictions", PayloadJson.predictions(r.predictions(), r.schema()));
        Responses.answeredBy(ctx, r);
        Responses.json(ctx, 200, out);
    }
}
