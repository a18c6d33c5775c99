package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.Outcome;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.schema.RecordDecoder;
import dev.shepherd.serving.BatchDecoder;
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
 * {@code {"score"}}, {@code {"shape", "data"}} or {@code null}). When the deployment's automation
 * level sends some instances to people, the answer is 202 with a ticket per instance
 * ({@link Responses#pending}); {@code X-Shepherd-Callback} names a URL to call once each is
 * decided. Thread-safe: holds no state.
 */
final class PredictRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Gateway gateway;
    private final Bodies bodies;
    private final AutomationLayer automation;

    /** {@code automation} may be {@code null}: every request goes to the model. */
    PredictRoutes(Gateway gateway, Bodies bodies, AutomationLayer automation) {
        this.gateway = gateway;
        this.bodies = bodies;
        this.automation = automation;
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
        BatchDecoder decoder = (schema, maxBatch) -> RecordDecoder.decode(schema, body, maxBatch);
        InferenceResult r;
        if (automation == null) {
            r = gateway.infer(name, null, decoder, RequestIds.of(ctx), Bodies.bytesRead(ctx), Responses.routingKey(ctx));
        } else {
            Outcome o = automation.automation().infer(name, decoder, RequestIds.of(ctx), Bodies.bytesRead(ctx),
                    Responses.routingKey(ctx), Responses.callbackUrl(ctx, automation.callbacks()));
            if (o instanceof Outcome.Pending p) {
                Responses.json(ctx, 202, Responses.pending(p, p.model() == null ? null
                        : PayloadJson.predictions(Responses.pendingPredictions(p), p.model().schema())));
                return;
            }
            r = ((Outcome.Answered) o).result();
        }
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
