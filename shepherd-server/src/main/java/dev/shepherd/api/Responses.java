package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** Writes JSON answers; the single serializer for success bodies. Stateless and thread-safe. */
final class Responses {
    /** The response header naming the model version that answered an inference request. */
    static final String MODEL_VERSION_HEADER = "X-Shepherd-Model-Version";

    /** The response header naming the role of the version that answered: primary, or candidate during a rollout. */
    static final String ROLE_HEADER = "X-Shepherd-Role";
    /** The request header whose value keeps a caller on the same version during a canary. */
    static final String ROUTING_KEY_HEADER = "X-Shepherd-Key";
    private static final int MAX_ROUTING_KEY = 256;
    /** The request header naming a URL to call when the request's review tickets are decided. */
    static final String CALLBACK_HEADER = "X-Shepherd-Callback";

    private Responses() {
    }

    /** The request's sticky routing key, or {@code null}; longer than 256 characters is a 400 on the header. */
    static String routingKey(Context ctx) {
        String k = ctx.header(ROUTING_KEY_HEADER);
        if (k == null || k.isEmpty()) {
            return null;
        }
        if (k.length() > MAX_ROUTING_KEY) {
            throw new dev.shepherd.error.InvalidInputException(ROUTING_KEY_HEADER, ROUTING_KEY_HEADER
                    + ": at most " + MAX_ROUTING_KEY + " characters, was " + k.length());
        }
        return k;
    }

    /** The request's callback URL ({@value #CALLBACK_HEADER}), checked by {@code callbacks}, or {@code null}. */
    static String callbackUrl(Context ctx, dev.shepherd.automation.HttpCallbacks callbacks) {
        String url = ctx.header(CALLBACK_HEADER);
        return url == null || url.isEmpty() ? null : callbacks.check(url, CALLBACK_HEADER);
    }

    /**
     * The 202 body of a request people will decide (in part):
     * {@code {"request_id", "deployment", "status": "pending", "level", "ticket"?, "tickets": [...],
     * "tickets_url", "model_version"?, "predictions"?}}. {@code tickets} has one entry per instance
     * (the ticket, or {@code null} where the model's answer stands, in {@code predictions});
     * {@code ticket} is there when exactly one instance waits.
     */
    static com.fasterxml.jackson.databind.node.ObjectNode pending(dev.shepherd.automation.Outcome.Pending p,
                                                                  JsonNode predictions) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.put("request_id", p.requestId());
        out.put("deployment", p.deployment());
        out.put("status", "pending");
        out.put("level", p.level().wireName());
        var waiting = p.tickets().stream().filter(java.util.Objects::nonNull).toList();
        if (waiting.size() == 1) {
            out.put("ticket", waiting.getFirst());
        }
        var tickets = out.putArray("tickets");
        p.tickets().forEach(tickets::add);
        out.put("tickets_url", "/api/v1/tickets/{ticket}");
        if (p.model() != null) {
            out.put("model_version", p.model().version());
            out.set("predictions", predictions);
        }
        return out;
    }

    /** The model's predictions of a pending request with the instances people decide as null. */
    static java.util.List<dev.shepherd.schema.Prediction> pendingPredictions(dev.shepherd.automation.Outcome.Pending p) {
        var out = new java.util.ArrayList<dev.shepherd.schema.Prediction>(p.tickets().size());
        for (int i = 0; i < p.tickets().size(); i++) {
            out.add(p.tickets().get(i) == null ? p.model().predictions().get(i)
                    : new dev.shepherd.schema.Prediction.NullPrediction("pending review"));
        }
        return out;
    }

    /** Names the version and role that answered in the response headers. */
    static void answeredBy(Context ctx, dev.shepherd.serving.InferenceResult r) {
        ctx.header(MODEL_VERSION_HEADER, r.version());
        ctx.header(ROLE_HEADER, r.role().wireName());
    }

    static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(Bodies.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
