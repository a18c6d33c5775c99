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
