package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.rollout.Comparison;
import dev.shepherd.rollout.GateCheck;
import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutEvent;
import dev.shepherd.rollout.RolloutStatus;
import dev.shepherd.serving.ShadowStats;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON views of rollouts. A rollout: {@code id, deployment, candidate, baseline, strategy,
 * phase, status, step} (1-based, 0 before the first), {@code steps, weight} (percent),
 * {@code baked_seconds, step_started_at, started_at, updated_at, reason, spec}. The status view
 * adds {@code gates} ({@code metric, verdict, value, primary, bound, message}),
 * {@code candidate_requests}, {@code comparison} and {@code shadow}; the history view adds each
 * rollout's {@code transitions} ({@code at, actor, action, phase, status, step, weight, reason,
 * values}). Numbers without data are {@code null}. Stateless.
 */
final class RolloutViews {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RolloutViews() {
    }

    static ObjectNode rollout(Rollout r) {
        ObjectNode o = F.objectNode();
        o.put("id", r.id());
        o.put("deployment", r.deployment());
        o.put("candidate", r.candidate());
        o.put("baseline", r.baseline());
        o.put("strategy", r.strategy().wireName());
        o.put("phase", r.phase().wireName());
        o.put("status", r.status().wireName());
        o.put("step", r.step() + 1);
        o.put("steps", r.spec().steps().size());
        o.put("weight", r.weight());
        o.put("baked_seconds", r.baked().toMillis() / 1000.0);
        o.put("step_started_at", r.stepStartedAt().toString());
        o.put("started_at", r.startedAt().toString());
        o.put("updated_at", r.updatedAt().toString());
        o.put("reason", r.reason());
        o.set("spec", parse(r.specJson()));
        return o;
    }

    static ObjectNode status(RolloutStatus s) {
        ObjectNode o = rollout(s.rollout());
        ArrayNode gates = o.putArray("gates");
        for (GateCheck g : s.gates()) {
            ObjectNode n = gates.addObject();
            n.put("metric", g.gate().key());
            n.put("verdict", g.verdict().wireName());
            Views.number(n, "value", g.value());
            Views.number(n, "primary", g.primary());
            n.put("bound", g.gate().describe());
            n.put("message", g.message());
        }
        o.put("candidate_requests", s.candidateRequests());
        Comparison c = s.comparison();
        ObjectNode cmp = o.putObject("comparison");
        cmp.put("compared", c.compared());
        Views.number(cmp, "agreement_rate", c.agreementRate());
        Views.number(cmp, "mean_abs_score_diff", c.meanAbsScoreDiff());
        ShadowStats sh = s.shadow();
        o.putObject("shadow").put("submitted", sh.submitted()).put("dropped", sh.dropped()).put("failed", sh.failed());
        return o;
    }

    static ObjectNode history(List<Rollout> rollouts, java.util.function.Function<String, List<RolloutEvent>> events) {
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("rollouts");
        for (Rollout r : rollouts) {
            ObjectNode o = rollout(r);
            ArrayNode t = o.putArray("transitions");
            for (RolloutEvent e : events.apply(r.id())) {
                t.add(event(e));
            }
            arr.add(o);
        }
        return out;
    }

    static ObjectNode event(RolloutEvent e) {
        ObjectNode n = F.objectNode();
        n.put("at", e.at().toString());
        n.put("actor", e.actor());
        n.put("action", e.action());
        n.put("phase", e.phase().wireName());
        n.put("status", e.status().wireName());
        n.put("step", e.step() + 1);
        n.put("weight", e.weight());
        n.put("reason", e.reason());
        ObjectNode values = n.putObject("values");
        for (Map.Entry<String, Double> v : e.values().entrySet()) {
            values.put(v.getKey(), v.getValue());
        }
        return n;
    }

    private static JsonNode parse(String json) {
        try {
            return Bodies.JSON.readTree(json);
        } catch (IOException e) {
            return F.textNode(json);
        }
    }
}
