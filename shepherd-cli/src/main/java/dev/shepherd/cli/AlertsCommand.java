package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.alert.AlertRule;
import dev.shepherd.alert.PrometheusRules;
import dev.shepherd.config.AlertRulesReader;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shepherd alerts list|history|rules|silence|ack|export-prometheus}: alerts of a running server. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Alerts of a running server.",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.History.class, AlertsCommand.Silence.class,
                AlertsCommand.Ack.class, AlertsCommand.Export.class})
final class AlertsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing required subcommand: list, history, silence, ack or export-prometheus");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Pending and firing alerts.")
    static final class ListAlerts implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Override
        public Integer call() {
            JsonNode body = options.client().get("/api/v1/alerts");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"RULE", "DEPLOYMENT", "STATE", "SINCE", "VALUE", "SILENCED UNTIL", "ACK"});
            for (JsonNode a : body.path("alerts")) {
                rows.add(new String[] {a.path("rule").asText(), a.path("deployment").asText(), a.path("state").asText(),
                        a.path("active_since").asText("-"), a.path("value").asText("-"), a.path("silenced_until").asText("-"),
                        a.path("acknowledged_by").asText("-")});
            }
            System.out.print(rows.size() == 1 ? "no pending or firing alerts\n" : Table.render(rows));
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Alert transitions.")
    static final class History implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Option(names = "--since", defaultValue = "24h", description = "How far back (default ${DEFAULT-VALUE}).")
        String since;

        @Override
        public Integer call() {
            JsonNode body = options.client().get("/api/v1/alerts/history?since=" + since);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"AT", "RULE", "DEPLOYMENT", "FROM", "TO", "VALUE", "SEVERITY"});
            for (JsonNode t : body.path("history")) {
                rows.add(new String[] {t.path("at").asText(), t.path("rule").asText(), t.path("deployment").asText(),
                        t.path("from").asText(), t.path("to").asText(), t.path("value").asText("-"), t.path("severity").asText()});
            }
            System.out.print(Table.render(rows));
            return 0;
        }
    }

    @Command(name = "silence", mixinStandardHelpOptions = true, description = "Hold back notifications of an alert.")
    static final class Silence implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Parameters(index = "0", description = "The rule.")
        String rule;

        @Option(names = "--deployment", required = true, description = "The deployment.")
        String deployment;

        @Option(names = "--for", required = true, description = "How long, e.g. 2h.")
        String duration;

        @Override
        public Integer call() {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("deployment", deployment).put("for", duration);
            JsonNode r = options.client().post("/api/v1/alerts/" + rule + "/silence", "application/json", body.toString());
            System.out.println("silenced " + rule + " on " + deployment + " until " + r.path("silenced_until").asText());
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge a firing alert.")
    static final class Ack implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Mixin
        ActorOption actor;

        @Parameters(index = "0", description = "The rule.")
        String rule;

        @Option(names = "--deployment", required = true, description = "The deployment.")
        String deployment;

        @Override
        public Integer call() {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("deployment", deployment);
            JsonNode r = options.client().post("/api/v1/alerts/" + rule + "/ack", body, actor.name());
            System.out.println("acknowledged " + rule + " on " + deployment + " as " + r.path("acknowledged_by").asText());
            return 0;
        }
    }

    @Command(name = "export-prometheus", mixinStandardHelpOptions = true,
            description = "Write every deployment's alert rules as Prometheus alerting rules over Shepherd's /metrics.")
    static final class Export implements Callable<Integer> {
        @Mixin
        ServerOptions options;

        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path out;

        @Override
        public Integer call() {
            List<AlertRule> rules = new ArrayList<>();
            for (JsonNode d : options.client().get("/api/v1/deployments").path("deployments")) {
                rules.addAll(AlertRulesReader.ofSpec(d.path("name").asText(), d.path("spec").toString()));
            }
            String yaml = PrometheusRules.yaml(rules);
            if (out == null) {
                System.out.print(yaml);
            } else {
                try {
                    Files.writeString(out, yaml);
                } catch (IOException e) {
                    throw new InvalidInputException("--out", "--out: cannot write " + out + ": " + e.getMessage());
                }
                System.err.println("wrote " + rules.size() + " rules to " + out);
            }
            return 0;
        }
    }
}
