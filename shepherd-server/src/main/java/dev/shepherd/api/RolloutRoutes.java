package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.rollout.Action;
import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.rollout.RolloutSpec;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;

/**
 * Rollout control:
 *
 * <ul>
 *   <li>{@code POST /api/v1/deployments/{name}/rollout/start} with the rollout as JSON (the
 *       {@code spec.rollout} shape: {@code candidate}, {@code strategy}, {@code steps},
 *       {@code gates}, …) → 201 and the rollout; 409 when one is already active, 404 for an
 *       unknown candidate, 400 {@code invalid_config} naming each bad field</li>
 *   <li>{@code POST /api/v1/deployments/{name}/rollout/{action}} for {@code pause}, {@code resume},
 *       {@code approve}, {@code promote}, {@code abort}, {@code rollback} and {@code set-weight}
 *       with an optional body {@code {"reason": "…", "weight": 30}} ({@code weight} required for
 *       {@code set-weight}) → 200 and the rollout; 409 when the action does not fit its state</li>
 *   <li>{@code GET /api/v1/deployments/{name}/rollout} → the active (else latest) rollout with its
 *       gate verdicts; 404 when the deployment never had one</li>
 *   <li>{@code GET /api/v1/deployments/{name}/rollouts} → every rollout, newest first, each with its
 *       transitions (the audit trail)</li>
 * </ul>
 * The actor recorded for an operator action is the caller's token name, else the
 * {@code X-Shepherd-Actor} header (1..64 characters of letters, digits and {@code ._@-}), else
 * {@code api} ({@link AccessFilter#actor}). Views: {@link RolloutViews}.
 * A server without a rollout controller answers 503. Thread-safe.
 */
final class RolloutRoutes {
    /** The header naming who acts. */
    static final String ACTOR_HEADER = AccessFilter.ACTOR_HEADER;
    private static final Set<String> ACTION_FIELDS = Set.of("reason", "weight");

    private final Gateway gateway;
    private final RolloutController controller;
    private final Bodies bodies;

    /** {@code controller} may be {@code null}: the endpoints then answer 503. */
    RolloutRoutes(Gateway gateway, RolloutController controller, Bodies bodies) {
        this.gateway = gateway;
        this.controller = controller;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/deployments/{name}/rollout/{action}", this::act);
        routes.get("/api/v1/deployments/{name}/rollout", this::status);
        routes.get("/api/v1/deployments/{name}/rollouts", this::history);
    }

    private void act(Context ctx) {
        RolloutController c = controller();
        String name = deployment(ctx);
        String actor = actor(ctx);
        String actionText = ctx.pathParam("action");
        if (actionText.equals("start")) {
            JsonNode body = bodies.json(ctx);
            RolloutSpec spec = RolloutSpecReader.parse(body, "rollout");
            Rollout r = c.start(name, spec, body.toString(), actor);
            Responses.json(ctx, 201, RolloutViews.rollout(r));
            return;
        }
        Action action = Action.parse(actionText).orElseThrow(() -> new NotFoundException("action",
                "action: unknown rollout action '" + actionText + "'; expected start, pause, resume, approve, promote, "
                        + "abort, rollback or set-weight"));
        JsonNode body = bodies.optionalJson(ctx);
        if (!body.isObject()) {
            throw new InvalidInputException("body", "body: expected a JSON object like {\"reason\": \"...\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ACTION_FIELDS.contains(f)) {
                throw new InvalidInputException(f, f + ": unknown field; expected reason or weight");
            }
        }
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isNull() && (!reason.isTextual() || reason.textValue().length() > 1000)) {
            throw new InvalidInputException("reason", "reason: must be a string of at most 1000 characters");
        }
        JsonNode weight = body.get("weight");
        Double w = null;
        if (action == Action.SET_WEIGHT) {
            if (weight == null || !weight.isNumber()) {
                throw new InvalidInputException("weight", "weight: required, a percentage in 0..100, was "
                        + (weight == null ? "missing" : weight.toString()));
            }
            w = weight.doubleValue();
        } else if (weight != null) {
            throw new InvalidInputException("weight", "weight: only set-weight takes a weight");
        }
        Rollout r = c.act(name, action, actor, reason == null || reason.isNull() ? null : reason.textValue(), w);
        Responses.json(ctx, 200, RolloutViews.rollout(r));
    }

    private void status(Context ctx) {
        String name = deployment(ctx);
        Responses.json(ctx, 200, RolloutViews.status(controller().status(name).orElseThrow(() ->
                new NotFoundException("name", "deployment '" + name + "' has had no rollout"))));
    }

    /** {@code ?limit=N} (1..10,000) keeps the newest N rollouts; without it, every one. */
    private void history(Context ctx) {
        RolloutController c = controller();
        String name = deployment(ctx);
        String raw = ctx.queryParam("limit");
        java.util.List<dev.shepherd.rollout.Rollout> all = c.history(name);
        if (raw != null) {
            int limit;
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > 10_000) {
                throw new InvalidInputException("limit", "limit: a whole number from 1 to 10000, was '" + raw + "'");
            }
            all = all.subList(0, Math.min(limit, all.size()));
        }
        Responses.json(ctx, 200, RolloutViews.history(all, c::events));
    }

    private String deployment(Context ctx) {
        String name = ctx.pathParam("name");
        if (gateway.status(name).isEmpty()) {
            throw new NotFoundException("name", "deployment '" + name + "' does not exist");
        }
        return name;
    }

    private static String actor(Context ctx) {
        return AccessFilter.actor(ctx, "api");
    }

    private RolloutController controller() {
        if (controller == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server runs no rollout controller");
        }
        return controller;
    }
}
