package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.ReviewDesk;
import dev.shepherd.automation.ReviewStats;
import dev.shepherd.automation.Tickets;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The reviewers' API and the clients' tickets:
 * <ul>
 *   <li>{@code GET /api/v1/review/queue?deployment=} → per deployment its level and backlog
 *       ({@code open}, {@code claimed}, {@code oldest_age_seconds}, decisions per minute and
 *       agreement over the last 15 minutes), and the first 100 pending items (no inputs);</li>
 *   <li>{@code POST /api/v1/review/claim} {@code {"deployment"?, "lease_seconds"?: 300}} → 200 with
 *       the next item for the caller, or 204 when there is none;</li>
 *   <li>{@code GET /api/v1/review/items/{id}}; {@code POST …/{id}/decide} {@code {"label", "note"?}};
 *       {@code POST …/{id}/skip} {@code {"note"?}} (it will not be asked again);
 *       {@code POST …/{id}/release} (back to the queue for anyone) → the item (409 when the caller
 *       does not hold it under a live lease, or it is finished);</li>
 *   <li>{@code GET /api/v1/tickets/{id}} → the client's view ({@link Tickets}).</li>
 * </ul>
 * The reviewer is the caller's token name, else {@code X-Shepherd-Actor}, else {@code anonymous}.
 * Without an automation layer these answer 503. Thread-safe.
 */
final class ReviewRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Duration STATS_WINDOW = Duration.ofMinutes(15);

    private final Gateway gateway;
    private final AutomationLayer layer;
    private final Bodies bodies;
    private final Clock clock;

    ReviewRoutes(Gateway gateway, AutomationLayer layer, Bodies bodies, Clock clock) {
        this.gateway = gateway;
        this.layer = layer;
        this.bodies = bodies;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/review/queue", this::queue);
        routes.post("/api/v1/review/claim", this::claim);
        routes.get("/api/v1/review/items/{id}", ctx -> Responses.json(ctx, 200,
                ReviewViews.item(desk().item(ctx.pathParam("id"), "id"), desk())));
        routes.post("/api/v1/review/items/{id}/decide", this::decide);
        routes.post("/api/v1/review/items/{id}/skip", this::skip);
        routes.post("/api/v1/review/items/{id}/release", ctx -> Responses.json(ctx, 200,
                ReviewViews.item(desk().release(ctx.pathParam("id"), reviewer(ctx)), desk())));
        routes.get("/api/v1/tickets/{id}", ctx -> Responses.json(ctx, 200,
                Tickets.json(desk().item(ctx.pathParam("id"), "id"))));
    }

    private void queue(Context ctx) {
        String only = ctx.queryParam("deployment");
        if (only != null && gateway.status(only).isEmpty()) {
            throw new NotFoundException("deployment", "deployment: no deployment named '" + only + "'");
        }
        ReviewStats stats = layer().stats();
        ObjectNode out = F.objectNode();
        ArrayNode deployments = out.putArray("deployments");
        for (DeploymentStatus s : gateway.statuses()) {
            String name = s.deployment().name();
            if (only != null && !only.equals(name)) {
                continue;
            }
            ReviewStats.Window w = stats.window(name, STATS_WINDOW);
            ObjectNode d = ReviewViews.backlog(stats.backlog(name));
            d.put("deployment", name);
            d.put("level", layer().settings().current(name).level().wireName());
            d.put("decisions_per_minute", w.decisionsPerMinute());
            Views.number(d, "agreement", w.agreement());
            deployments.add(d);
        }
        Instant now = clock.instant();
        ArrayNode items = out.putArray("items");
        for (ReviewItem i : desk().queue().pending(only, 100)) {
            items.add(ReviewViews.summary(i, now));
        }
        Responses.json(ctx, 200, out);
    }

    private void claim(Context ctx) {
        BodyFields b = BodyFields.of(bodies.optionalJson(ctx), Set.of("deployment", "lease_seconds"),
                "{\"deployment\": \"credit\", \"lease_seconds\": 300}");
        String deployment = b.text("deployment", 128);
        Double lease = b.number("lease_seconds", 0, 1e9);
        Optional<ReviewItem> item = desk().claimNext(deployment, reviewer(ctx),
                lease == null ? ReviewDesk.DEFAULT_LEASE : Duration.ofMillis(Math.round(lease * 1000)));
        if (item.isEmpty()) {
            ctx.status(204);
            return;
        }
        Responses.json(ctx, 200, ReviewViews.item(item.get(), desk()));
    }

    private void decide(Context ctx) {
        BodyFields b = BodyFields.of(bodies.json(ctx), Set.of("label", "note"), "{\"label\": \"repaid\"}");
        String label = b.text("label", 128);
        if (label == null) {
            throw new dev.shepherd.error.InvalidInputException("label", "label: required, the class decided");
        }
        ReviewItem d = desk().decide(ctx.pathParam("id"), reviewer(ctx), label, b.text("note", ReviewDesk.MAX_NOTE));
        Responses.json(ctx, 200, ReviewViews.item(d, desk()));
    }

    private void skip(Context ctx) {
        BodyFields b = BodyFields.of(bodies.optionalJson(ctx), Set.of("note"), "{\"note\": \"unreadable\"}");
        ReviewItem s = desk().skip(ctx.pathParam("id"), reviewer(ctx), b.text("note", ReviewDesk.MAX_NOTE));
        Responses.json(ctx, 200, ReviewViews.item(s, desk()));
    }

    private static String reviewer(Context ctx) {
        return AccessFilter.actor(ctx, "anonymous");
    }

    private ReviewDesk desk() {
        return layer().desk();
    }

    private AutomationLayer layer() {
        if (layer == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server runs no review queue");
        }
        return layer;
    }
}
