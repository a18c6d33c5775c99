package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.alert.AlertRule;
import dev.shepherd.alert.AlertState;
import dev.shepherd.alert.AlertStore;
import dev.shepherd.alert.Alerts;
import dev.shepherd.config.Durations;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Alerts:
 * <ul>
 *   <li>{@code GET /api/v1/alerts} → the pending and firing alerts ({@code rule, deployment, state,
 *       active_since, fired_at, value, silenced_until, acknowledged_by}) and the webhook and
 *       Alertmanager notifiers with their {@code delivered} and {@code failed} counts</li>
 *   <li>{@code GET /api/v1/alerts/history?since=24h&limit=100} → transitions, oldest first</li>
 *   <li>{@code GET /api/v1/alerts/rules} → every deployment's rules (starters merged with {@code spec.alerts})</li>
 *   <li>{@code POST /api/v1/alerts/{rule}/silence} with {@code {"deployment": "…", "for": "1h"}} and
 *       {@code POST /api/v1/alerts/{rule}/ack} with {@code {"deployment": "…"}} ({@code X-Shepherd-Actor} names who)</li>
 * </ul>
 * A server without alerting answers 503. Thread-safe.
 */
final class AlertRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Alerts alerts;
    private final Bodies bodies;
    private final Clock clock;

    AlertRoutes(Alerts alerts, Bodies bodies, Clock clock) {
        this.alerts = alerts;
        this.bodies = bodies;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/alerts", this::active);
        routes.get("/api/v1/alerts/history", this::history);
        routes.get("/api/v1/alerts/rules", this::rules);
        routes.post("/api/v1/alerts/{rule}/silence", this::silence);
        routes.post("/api/v1/alerts/{rule}/ack", this::ack);
    }

    private void active(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("alerts");
        for (AlertState s : alerts().store().active()) {
            arr.add(state(s));
        }
        ArrayNode notifiers = out.putArray("notifiers");
        for (dev.shepherd.alert.WebhookNotifier w : alerts().webhooks()) {
            notifiers.addObject().put("url", w.url().toString()).put("delivered", w.delivered()).put("failed", w.failed());
        }
        Responses.json(ctx, 200, out);
    }

    private void history(Context ctx) {
        Duration since = duration(ctx.queryParam("since"), "since", Duration.ofHours(24));
        int limit = 100;
        String raw = ctx.queryParam("limit");
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
                if (limit < 1 || limit > 10_000) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("limit", "limit: a whole number in 1..10000, was '" + raw + "'");
            }
        }
        Instant now = clock.instant();
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("history");
        for (AlertStore.Transition t : alerts().store().history(now.minus(since), now.plusMillis(1), limit)) {
            ObjectNode o = arr.addObject();
            o.put("rule", t.rule());
            o.put("deployment", t.deployment());
            o.put("at", t.at().toString());
            o.put("from", t.from().wireName());
            o.put("to", t.to().wireName());
            Views.number(o, "value", t.value());
            o.put("severity", t.severity());
        }
        Responses.json(ctx, 200, out);
    }

    private void rules(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("rules");
        for (AlertRule r : alerts().rules()) {
            ObjectNode o = arr.addObject();
            o.put("name", r.name());
            o.put("deployment", r.deployment());
            o.put("expr", r.expr());
            o.put("window", Durations.format(r.window()));
            o.put("for", Durations.format(r.holdFor()));
            o.put("severity", r.severity());
            o.put("enabled", r.enabled());
            ObjectNode labels = o.putObject("labels");
            r.labels().forEach(labels::put);
            ObjectNode annotations = o.putObject("annotations");
            r.annotations().forEach(annotations::put);
        }
        Responses.json(ctx, 200, out);
    }

    private void silence(Context ctx) {
        JsonNode body = bodies.json(ctx);
        String deployment = text(body, "deployment");
        JsonNode f = body.get("for");
        Duration d = duration(f == null || !f.isTextual() ? null : f.textValue(), "for", null);
        if (d == null) {
            throw new InvalidInputException("for", "for: required, a duration like 30m or 2h");
        }
        Responses.json(ctx, 200, state(alerts().evaluator().silence(ctx.pathParam("rule"), deployment, d)));
    }

    private void ack(Context ctx) {
        JsonNode body = bodies.json(ctx);
        String deployment = text(body, "deployment");
        Responses.json(ctx, 200, state(alerts().evaluator().acknowledge(ctx.pathParam("rule"), deployment,
                AccessFilter.actor(ctx, "api"))));
    }

    private static ObjectNode state(AlertState s) {
        ObjectNode o = F.objectNode();
        o.put("rule", s.rule());
        o.put("deployment", s.deployment());
        o.put("state", s.state().wireName());
        o.put("active_since", s.activeSince() == null ? null : s.activeSince().toString());
        o.put("fired_at", s.firedAt() == null ? null : s.firedAt().toString());
        o.put("resolved_at", s.resolvedAt() == null ? null : s.resolvedAt().toString());
        Views.number(o, "value", s.value());
        o.put("silenced_until", s.silencedUntil() == null ? null : s.silencedUntil().toString());
        o.put("acknowledged_by", s.acknowledgedBy());
        return o;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new InvalidInputException(field, field + ": required, a non-empty string");
        }
        return v.textValue();
    }

    private static Duration duration(String raw, String param, Duration fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        Duration d = Durations.parse(raw);
        if (d == null || d.isZero() || d.compareTo(Duration.ofDays(90)) > 0) {
            throw new InvalidInputException(param, param + ": a duration from 1s to 90d, was '" + raw + "'");
        }
        return d;
    }

    private Alerts alerts() {
        if (alerts == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server evaluates no alerts");
        }
        return alerts;
    }
}
