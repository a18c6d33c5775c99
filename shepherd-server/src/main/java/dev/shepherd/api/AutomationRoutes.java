package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.automation.AutomationCounters;
import dev.shepherd.automation.AutomationEvent;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.AutomationSetting;
import dev.shepherd.automation.ThresholdAdvisor;
import dev.shepherd.config.Durations;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A deployment's place on the automation ladder:
 * <ul>
 *   <li>{@code GET /api/v1/deployments/{name}/automation?window=1h} → the setting in force, the
 *       review backlog, the window's evidence (decisions, human–model agreement by reason, the
 *       estimated accuracy of automated decisions), counters since start and the audit trail;</li>
 *   <li>{@code POST /api/v1/deployments/{name}/automation} {@code {"level"?, "threshold"?,
 *       "class_thresholds"?, "audit_share"?, "priority"?, "reason"?}} → changes the fields given,
 *       keeps the others, records who and why;</li>
 *   <li>{@code GET …/automation/advice?target_accuracy=0.98&window=7d&min_cases=30&conservative=false}
 *       → the threshold table from reviewed cases and the proposed threshold.</li>
 * </ul>
 * Thread-safe.
 */
final class AutomationRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("level", "threshold", "class_thresholds", "audit_share", "priority",
            "reason");

    private final Gateway gateway;
    private final AutomationLayer layer;
    private final Bodies bodies;

    AutomationRoutes(Gateway gateway, AutomationLayer layer, Bodies bodies) {
        this.gateway = gateway;
        this.layer = layer;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/deployments/{name}/automation", this::show);
        routes.post("/api/v1/deployments/{name}/automation", this::change);
        routes.get("/api/v1/deployments/{name}/automation/advice", this::advice);
    }

    private void show(Context ctx) {
        String name = deployment(ctx);
        Duration window = window(ctx, Duration.ofHours(1));
        ObjectNode out = F.objectNode();
        out.put("deployment", name);
        out.set("setting", layer().settings().current(name).toJson());
        out.set("backlog", ReviewViews.backlog(layer().stats().backlog(name)));
        out.set("evidence", ReviewViews.window(layer().stats().window(name, window)));
        ObjectNode counters = counters(layer().counters().of(name));
        counters.putObject("callbacks").put("delivered", layer().callbacks().delivered())
                .put("failed", layer().callbacks().failed()).put("refused", layer().callbacks().refused());
        out.set("counters", counters);
        ArrayNode events = out.putArray("events");
        for (AutomationEvent e : layer().settings().events(name, 50)) {
            ObjectNode o = events.addObject();
            o.put("at", e.at().toString());
            o.put("actor", e.actor());
            o.put("from", e.from() == null ? null : e.from().wireName());
            o.put("to", e.to().wireName());
            o.set("setting", e.setting().toJson());
            o.put("reason", e.reason());
        }
        Responses.json(ctx, 200, out);
    }

    private void change(Context ctx) {
        String name = deployment(ctx);
        BodyFields b = BodyFields.of(bodies.json(ctx), FIELDS, "{\"level\": \"partial\", \"threshold\": 0.9}");
        String l = b.text("level", 32);
        AutomationLevel level = l == null ? null : AutomationLevel.parse(l).orElseThrow(() ->
                new InvalidInputException("level", "level: must be " + AutomationLevel.choices() + ", was '" + l + "'"));
        Double threshold = b.number("threshold", 0, 1);
        Double audit = b.number("audit_share", 0, 1);
        Double priority = b.number("priority", -1000, 1000);
        if (priority != null && priority != Math.rint(priority)) {
            throw new InvalidInputException("priority", "priority: must be a whole number, was " + priority);
        }
        Map<String, Double> classes = b.has("class_thresholds") ? classThresholds(b.node().get("class_thresholds")) : null;
        String reason = b.text("reason", 1000);
        // the fields not given keep their value in force, read under the settings' lock
        AutomationSetting set = layer().settings().change(name, now -> new AutomationSetting(
                level == null ? now.level() : level, threshold == null ? now.threshold() : threshold,
                classes == null ? now.classThresholds() : classes, audit == null ? now.auditShare() : audit,
                priority == null ? now.priority() : priority.intValue()), AccessFilter.actor(ctx, "api"), reason);
        Responses.json(ctx, 200, F.objectNode().put("deployment", name).set("setting", set.toJson()));
    }

    private void advice(Context ctx) {
        String name = deployment(ctx);
        Duration window = window(ctx, Duration.ofDays(7));
        double target = param(ctx, "target_accuracy", 0.95, 1e-9, 1);
        int minCases = (int) param(ctx, "min_cases", 30, 1, 1_000_000);
        String c = ctx.queryParam("conservative");
        if (c != null && !c.equals("true") && !c.equals("false")) {
            throw new InvalidInputException("conservative", "conservative: true or false, was '" + c + "'");
        }
        ThresholdAdvisor.Advice a = ThresholdAdvisor.advise(layer().stats().cases(name, window), target,
                ThresholdAdvisor.defaultGrid(), minCases, "true".equals(c));
        ObjectNode out = F.objectNode();
        out.put("deployment", name);
        out.put("window", Durations.format(window));
        out.put("target_accuracy", target);
        out.put("conservative", a.conservative());
        out.put("cases", a.cases());
        out.put("current_threshold", layer().settings().current(name).threshold());
        out.set("proposal", a.proposal().map(AutomationRoutes::row).orElse(null));
        ArrayNode table = out.putArray("table");
        a.table().forEach(r -> table.add(row(r)));
        Responses.json(ctx, 200, out);
    }

    private static JsonNode row(ThresholdAdvisor.Row r) {
        ObjectNode o = F.objectNode();
        o.put("threshold", r.threshold());
        o.put("cases", r.cases());
        Views.number(o, "automation_rate", r.automationRate());
        Views.number(o, "accuracy", r.accuracy());
        Views.number(o, "lower95", r.lower95());
        return o;
    }

    private static ObjectNode counters(AutomationCounters.Counts c) {
        ObjectNode o = F.objectNode();
        o.put("answered_by_model", c.answered.sum());
        ObjectNode reviewed = o.putObject("sent_to_review");
        c.reviewed.forEach((k, v) -> reviewed.put(k, v.sum()));
        ObjectNode decided = o.putObject("decided");
        c.decided.forEach((k, v) -> decided.put(k, v.sum()));
        ObjectNode agreed = o.putObject("agreed");
        c.agreed.forEach((k, v) -> agreed.put(k, v.sum()));
        o.put("skipped", c.skipped.sum());
        o.put("audit_dropped", c.auditDropped.sum());
        o.put("model_failures_sent_to_review", c.modelFailed.sum());
        o.put("shadow_dropped", c.shadowDropped.sum());
        o.put("shadow_failed", c.shadowFailed.sum());
        return o;
    }

    private static Map<String, Double> classThresholds(JsonNode n) {
        if (!n.isObject()) {
            throw new InvalidInputException("class_thresholds", "class_thresholds: expected an object like {\"default\": 0.97}");
        }
        Map<String, Double> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double v = e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN;
            if (!(v >= 0 && v <= 1)) {
                throw new InvalidInputException("class_thresholds." + e.getKey(), "class_thresholds." + e.getKey()
                        + ": must be a number from 0 to 1, was " + e.getValue());
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static double param(Context ctx, String name, double fallback, double min, double max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException(name, name + ": a number from " + min + " to " + max + ", was '" + raw + "'");
    }

    private static Duration window(Context ctx, Duration fallback) {
        String raw = ctx.queryParam("window");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        Duration d = Durations.parse(raw);
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(90)) > 0) {
            throw new InvalidInputException("window", "window: a duration from 1m to 90d, was '" + raw + "'");
        }
        return d;
    }

    private String deployment(Context ctx) {
        String name = ctx.pathParam("name");
        if (gateway.status(name).isEmpty()) {
            throw new NotFoundException("name", "deployment '" + name + "' does not exist");
        }
        return name;
    }

    private AutomationLayer layer() {
        if (layer == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server runs no automation layer");
        }
        return layer;
    }
}
