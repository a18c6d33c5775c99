package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** Writes JSON answers; the single serializer for success bodies. Stateless and thread-safe. */
final class Responses {
    /** The response header naming the model version that answered an inference request. */
    static final String MODEL_VERSION_HEADER = "X-Shepherd-Model-Version";

    private Responses() {
    }

    static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(Bodies.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
