package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.feedback.FeedbackResult;
import dev.shepherd.feedback.FeedbackService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/feedback}: a ground-truth label for a logged request
 * ({@code {"request_id", "label"}} or {@code "value"}, {@code "labels"}/{@code "values"} for a
 * batch) or a user event ({@code {"event", "request_id"?, "deployment"?, "value"?}}). Answers 201
 * when recorded, 200 when the same label was already there, 404 for an unknown request id, 409 for
 * a different label, 400 naming the field for anything malformed. A server without feedback
 * intake answers 503. Thread-safe.
 */
final class FeedbackRoutes {
    private final FeedbackService feedback;
    private final Bodies bodies;

    /** {@code feedback} may be {@code null}: the endpoint then answers 503. */
    FeedbackRoutes(FeedbackService feedback, Bodies bodies) {
        this.feedback = feedback;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/feedback", this::submit);
    }

    private void submit(Context ctx) {
        if (feedback == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server does not take feedback");
        }
        JsonNode body = bodies.json(ctx);
        FeedbackResult r = feedback.submit(body);
        Responses.json(ctx, r.status() == FeedbackResult.Status.RECORDED ? 201 : 200, r.toJson());
    }
}
