package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.rollout.Gate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The text views of the rollout API's JSON ({@code RolloutViews} on the server): a one-line
 * summary after an action, the status block with its gates table, and the history with each
 * rollout's transitions. Absent numbers print as {@code -}. Stateless.
 */
final class RolloutText {
    private RolloutText() {
    }

    /**
     * One line after an action, {@code rollout ID of credit paused: v2 vs v1 by canary; canary, paused;
     * step 1 of 4 at 5%}, and the reason below it.
     */
    static String summary(String verb, JsonNode r) {
        StringBuilder s = new StringBuilder().append("rollout ").append(r.path("id").asText()).append(" of ")
                .append(r.path("deployment").asText()).append(' ').append(verb).append(": ")
                .append(r.path("candidate").asText()).append(" vs ").append(r.path("baseline").asText()).append(" by ")
                .append(r.path("strategy").asText()).append("; ").append(state(r)).append("; ").append(step(r)).append('\n');
        if (text(r.path("reason")) != null) {
            s.append("  reason: ").append(r.path("reason").asText()).append('\n');
        }
        return s.toString();
    }

    /**
     * The status view: a header block, then a table of the gates' latest verdicts; before the
     * controller's first evaluation, the gates the spec declares marked "not evaluated yet".
     */
    static String status(JsonNode r) {
        List<String[]> head = new ArrayList<>();
        head.add(new String[] {"rollout:", r.path("id").asText()});
        head.add(new String[] {"deployment:", r.path("deployment").asText()});
        head.add(new String[] {"strategy:", r.path("strategy").asText()});
        head.add(new String[] {"candidate:", r.path("candidate").asText() + " vs baseline " + r.path("baseline").asText()});
        head.add(new String[] {"state:", state(r)});
        head.add(new String[] {"step:", step(r).replaceFirst("^step ", "")});
        head.add(new String[] {"baked:", duration(r.path("baked_seconds").asDouble()) + bakeTarget(r)});
        head.add(new String[] {"requests:", r.path("candidate_requests").asText("0") + " on the candidate"});
        JsonNode cmp = r.path("comparison");
        if (cmp.path("compared").asLong() > 0) {
            head.add(new String[] {"compared:", cmp.path("compared").asText() + " requests, agreement "
                    + MetricsCommand.format(cmp.get("agreement_rate")) + ", mean |score diff| "
                    + MetricsCommand.format(cmp.get("mean_abs_score_diff"))});
        }
        JsonNode sh = r.path("shadow");
        if (sh.path("submitted").asLong() > 0 || "shadow".equals(r.path("strategy").asText())) {
            head.add(new String[] {"shadow:", sh.path("submitted").asLong() + " submitted, " + sh.path("dropped").asLong()
                    + " dropped, " + sh.path("failed").asLong() + " failed"});
        }
        head.add(new String[] {"started:", time(r.path("started_at")) + " (updated " + time(r.path("updated_at")) + ")"});
        if (text(r.path("reason")) != null) {
            head.add(new String[] {"reason:", r.path("reason").asText()});
        }
        StringBuilder out = new StringBuilder(Table.render(head)).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"GATE", "VERDICT", "VALUE", "PRIMARY", "BOUND", "MESSAGE"});
        for (JsonNode g : r.path("gates")) {
            String metric = g.path("metric").asText();
            rows.add(new String[] {metric, g.path("verdict").asText(), MetricsCommand.format(g.get("value")),
                    MetricsCommand.format(g.get("primary")), bound(metric, g.path("bound").asText()),
                    g.path("message").asText("")});
        }
        boolean active = r.path("status").asText().matches("running|paused|awaiting-approval");
        if (rows.size() == 1 && active) {
            for (Gate g : declaredGates(r.path("spec"))) {
                rows.add(new String[] {g.key(), "-", "-", "-", bound(g.key(), g.describe()), "not evaluated yet"});
            }
        }
        if (rows.size() == 1) {
            return active ? out.append("no gates\n").toString() : out.toString().stripTrailing() + "\n";
        }
        return out.append(Table.render(rows)).toString();
    }

    /**
     * The gates a rollout's spec declares (the defaults when it names none); empty when the spec
     * does not parse. The status shows these until the controller's first evaluation.
     */
    private static List<Gate> declaredGates(JsonNode spec) {
        try {
            return RolloutSpecReader.parse(spec, "rollout").gates();
        } catch (ShepherdException e) {
            return List.of();
        }
    }

    /** {@code <= 1.2 x primary} of {@code latency_p99_ms <= 1.2 x primary}. */
    private static String bound(String key, String described) {
        return described.startsWith(key) && described.length() > key.length()
                ? described.substring(key.length()).trim() : described;
    }

    /** The history view: each rollout (newest first) and a table of its transitions (oldest first). */
    static String history(String deployment, JsonNode body) {
        JsonNode rollouts = body.path("rollouts");
        if (rollouts.isEmpty()) {
            return "deployment " + deployment + " has had no rollout\n";
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode r : rollouts) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("rollout ").append(r.path("id").asText()).append(": ").append(r.path("candidate").asText())
                    .append(" vs ").append(r.path("baseline").asText()).append(", ").append(r.path("strategy").asText())
                    .append(", ").append(state(r)).append(", started ").append(time(r.path("started_at"))).append('\n');
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TIME", "ACTOR", "ACTION", "STATUS", "STEP", "WEIGHT", "REASON"});
            for (JsonNode t : r.path("transitions")) {
                rows.add(new String[] {time(t.path("at")), t.path("actor").asText(), t.path("action").asText(),
                        t.path("phase").asText() + "/" + t.path("status").asText(),
                        t.path("step").asInt() < 1 ? "-" : t.path("step").asText(),
                        MetricsCommand.format(t.get("weight")) + "%", text(t.path("reason")) == null ? "" : t.path("reason").asText()});
            }
            out.append(Table.render(rows));
        }
        return out.toString();
    }

    /** {@code canary, running} (phase, status). */
    private static String state(JsonNode r) {
        return r.path("phase").asText() + ", " + r.path("status").asText();
    }

    /** {@code step 1 of 4 at 5%}; {@code no step yet of 4 at 0%} before the first. */
    private static String step(JsonNode r) {
        int step = r.path("step").asInt();
        return (step < 1 ? "no step yet" : "step " + step) + " of " + r.path("steps").asInt() + " at "
                + MetricsCommand.format(r.get("weight")) + "%";
    }

    /** {@code " of 10m"} when the spec names the current step's bake time. */
    private static String bakeTarget(JsonNode r) {
        int step = r.path("step").asInt();
        JsonNode bake = step < 1 ? null : r.path("spec").path("steps").path(step - 1).get("bake");
        return bake != null && bake.isTextual() ? " of " + bake.asText() : "";
    }

    /** {@code 1h 2m 5s}, {@code 0s}; whole seconds. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s <= 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (s >= sizes[i]) {
                b.append(b.isEmpty() ? "" : " ").append(s / sizes[i]).append(units[i]);
                s %= sizes[i];
            }
        }
        return b.toString();
    }

    /** An ISO instant to whole seconds; other text as is. */
    private static String time(JsonNode t) {
        String s = t.asText("-");
        try {
            return Instant.parse(s).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return s;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank() ? null : n.asText();
    }
}
