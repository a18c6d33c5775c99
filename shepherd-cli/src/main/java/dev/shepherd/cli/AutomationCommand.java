package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.error.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shepherd automation set|status|advise}: a deployment's place on the automation ladder
 * (human → shadow → assist → partial → full) on a running server.
 */
@Command(name = "automation", mixinStandardHelpOptions = true,
        description = "A deployment's degree of automation: set the level, see the evidence, get a threshold.",
        subcommands = {AutomationCommand.Set.class, AutomationCommand.Status.class, AutomationCommand.Advise.class})
final class AutomationCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing required subcommand: set, status or advise");
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the level (and optionally thresholds and audit share); recorded with who and why.")
    static final class Set implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Mixin
        ActorOption actor;

        @Parameters(index = "0", description = "The deployment.")
        String deployment;

        @Parameters(index = "1", description = "human, shadow, assist, partial or full.")
        String level;

        @Option(names = "--threshold", description = "Partial: the model answers at confidence >= this (0..1).")
        Double threshold;

        @Option(names = "--class-threshold", paramLabel = "CLASS=T",
                description = "A threshold for one predicted class (repeatable); replaces all class thresholds.")
        Map<String, Double> classThresholds;

        @Option(names = "--audit-share", description = "Share (0..1) of the model's own answers sent to people, blind.")
        Double auditShare;

        @Option(names = "--reason", description = "Why, recorded in the audit trail.")
        String reason;

        @Override
        public Integer call() {
            AutomationLevel l = AutomationLevel.parse(level).orElseThrow(() -> new InvalidInputException("LEVEL",
                    "LEVEL must be " + AutomationLevel.choices() + ", was '" + level + "'"));
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("level", l.wireName());
            if (threshold != null) {
                body.put("threshold", threshold);
            }
            if (auditShare != null) {
                body.put("audit_share", auditShare);
            }
            if (classThresholds != null) {
                ObjectNode c = body.putObject("class_thresholds");
                classThresholds.forEach(c::put);
            }
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode r = options.client().post("/api/v1/deployments/" + deployment + "/automation", body, actor.name());
            System.out.println(deployment + ": " + describe(r.path("setting")));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The level in force, the review backlog and the evidence for moving up or down the ladder.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Parameters(index = "0", description = "The deployment.")
        String deployment;

        @Option(names = "--window", defaultValue = "1h", description = "Evidence window (default ${DEFAULT-VALUE}).")
        String window;

        @Override
        public Integer call() {
            JsonNode a = options.client().get("/api/v1/deployments/" + deployment + "/automation?window="
                    + URLEncoder.encode(window, StandardCharsets.UTF_8));
            System.out.println(deployment + ": " + describe(a.path("setting")));
            JsonNode b = a.path("backlog");
            System.out.printf(Locale.ROOT, "queue: %d waiting, %d claimed, oldest %.0f s%n", b.path("open").asLong(),
                    b.path("claimed").asLong(), b.path("oldest_age_seconds").asDouble());
            JsonNode e = a.path("evidence");
            System.out.printf(Locale.ROOT, "last %s: %d decisions (%.2f/min), agreement with the model %s, "
                            + "accuracy of automated decisions %s%n", e.path("window").asText(), e.path("decided").asLong(),
                    e.path("decisions_per_minute").asDouble(), percent(e.path("agreement")),
                    percent(e.path("automated_accuracy")));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"REASON", "DECIDED", "WITH MODEL ANSWER", "AGREEMENT"});
            e.path("by_reason").properties().forEach(r -> rows.add(new String[] {r.getKey(),
                    r.getValue().path("decided").asText(), r.getValue().path("with_suggestion").asText(),
                    percent(r.getValue().path("agreement"))}));
            System.out.print(Table.render(rows));
            List<String[]> events = new ArrayList<>();
            events.add(new String[] {"AT", "ACTOR", "FROM", "TO", "REASON"});
            for (JsonNode ev : a.path("events")) {
                events.add(new String[] {ev.path("at").asText(), ev.path("actor").asText("-"), ev.path("from").asText("-"),
                        ev.path("to").asText(), ev.path("reason").asText("-")});
            }
            if (events.size() > 1) {
                System.out.print(Table.render(events));
            }
            return 0;
        }
    }

    @Command(name = "advise", mixinStandardHelpOptions = true,
            description = "From reviewed cases, the table threshold -> automation rate -> accuracy, and a proposed threshold.")
    static final class Advise implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Parameters(index = "0", description = "The deployment.")
        String deployment;

        @Option(names = "--target-accuracy", required = true, description = "Accuracy the automated decisions must reach (0..1].")
        double target;

        @Option(names = "--window", defaultValue = "7d", description = "Reviewed cases of this window (default ${DEFAULT-VALUE}).")
        String window;

        @Option(names = "--min-cases", defaultValue = "30", description = "Fewest cases a threshold needs (default ${DEFAULT-VALUE}).")
        int minCases;

        @Option(names = "--conservative", description = "Require the 95% lower bound, not the estimate, to reach the target.")
        boolean conservative;

        @Override
        public Integer call() {
            if (!(target > 0 && target <= 1)) {
                throw new InvalidInputException("--target-accuracy", "--target-accuracy must be in (0, 1], was " + target);
            }
            if (minCases < 1) {
                throw new InvalidInputException("--min-cases", "--min-cases must be >= 1, was " + minCases);
            }
            JsonNode a = options.client().get("/api/v1/deployments/" + deployment + "/automation/advice?target_accuracy="
                    + target + "&min_cases=" + minCases + "&conservative=" + conservative + "&window="
                    + URLEncoder.encode(window, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"THRESHOLD", "CASES", "AUTOMATED", "ACCURACY", "LOWER 95%"});
            for (JsonNode r : a.path("table")) {
                if (r.path("cases").asLong() == 0) {
                    continue;
                }
                rows.add(new String[] {String.format(Locale.ROOT, "%.2f", r.path("threshold").asDouble()),
                        r.path("cases").asText(), percent(r.path("automation_rate")), percent(r.path("accuracy")),
                        percent(r.path("lower95"))});
            }
            System.out.printf(Locale.ROOT, "%s: %d reviewed cases with the model's answer in the last %s%n", deployment,
                    a.path("cases").asLong(), a.path("window").asText());
            if (rows.size() > 1) {
                System.out.print(Table.render(rows));
            }
            JsonNode p = a.path("proposal");
            if (p.isMissingNode() || p.isNull()) {
                System.out.printf(Locale.ROOT, "no threshold reaches %s accuracy with at least %d cases%n",
                        percent(a.path("target_accuracy")), minCases);
                return 1;
            }
            System.out.printf(Locale.ROOT, "proposed threshold %.2f: %s automated at %s accuracy (lower bound %s); "
                            + "now %.2f%n", p.path("threshold").asDouble(), percent(p.path("automation_rate")),
                    percent(p.path("accuracy")), percent(p.path("lower95")), a.path("current_threshold").asDouble());
            System.out.printf(Locale.ROOT, "apply it with: shepherd automation set %s partial --threshold %.2f%n",
                    deployment, p.path("threshold").asDouble());
            return 0;
        }
    }

    static String describe(JsonNode setting) {
        StringBuilder sb = new StringBuilder(setting.path("level").asText());
        if (setting.path("level").asText().equals("partial")) {
            sb.append(String.format(Locale.ROOT, ", threshold %.2f", setting.path("threshold").asDouble()));
            setting.path("class_thresholds").properties().forEach(e -> sb.append(String.format(Locale.ROOT, ", %s >= %.2f",
                    e.getKey(), e.getValue().asDouble())));
        }
        double audit = setting.path("audit_share").asDouble();
        if (audit > 0) {
            sb.append(String.format(Locale.ROOT, ", auditing %.1f %%", audit * 100));
        }
        return sb.toString();
    }

    static String percent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.1f %%", n.asDouble() * 100);
    }
}
