package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.alert.AlertRule;
import dev.shepherd.alert.Expr;
import dev.shepherd.alert.ExprException;
import dev.shepherd.alert.ExprParser;
import dev.shepherd.alert.StarterRules;
import dev.shepherd.error.ConfigError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a deployment's {@code spec.alerts}, a list of rules:
 * <pre>
 * alerts:
 *   - {name: many-null-outputs, expr: "null_output_fraction > 0.05", for: 5m, window: 5m, severity: page,
 *      labels: {team: risk}, annotations: {summary: "…"}}
 *   - {name: slow, enabled: false}          # switches off a starter rule
 * </pre>
 * and merges them with {@link StarterRules}: an entry named like a starter rule replaces it (its
 * unset fields keep the starter's). An invalid expression is an error at apply, with the column.
 * Thread-safe.
 */
public final class AlertRulesReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "expr", "for", "window", "severity", "labels",
            "annotations", "enabled");

    private AlertRulesReader() {
    }

    /** The rules of a stored deployment: starters merged with {@code spec.alerts} (starters alone if unreadable). */
    public static List<AlertRule> ofSpec(String deployment, String specJson) {
        try {
            JsonNode n = specJson == null || specJson.isBlank() ? null : JSON.readTree(specJson).get("alerts");
            List<ConfigError> errors = new ArrayList<>();
            List<AlertRule> rules = read(deployment, n, "spec.alerts", errors);
            return errors.isEmpty() ? rules : StarterRules.forDeployment(deployment);
        } catch (IOException e) {
            return StarterRules.forDeployment(deployment);
        }
    }

    static List<AlertRule> read(String deployment, JsonNode node, String path, List<ConfigError> errors) {
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        StarterRules.forDeployment(deployment).forEach(r -> rules.put(r.name(), r));
        if (node == null || node.isNull()) {
            return List.copyOf(rules.values());
        }
        if (!node.isArray()) {
            errors.add(new ConfigError(path, "must be a list of rules {name, expr, for, severity, …}"));
            return List.copyOf(rules.values());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            Fields f = new Fields(node.get(i), path + "[" + i + "]", errors);
            if (!node.get(i).isObject()) {
                f.error("", "must be a mapping with name and expr");
                continue;
            }
            for (Iterator<String> it = node.get(i).fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!FIELDS.contains(k)) {
                    f.error(k, "unknown field; expected one of " + new java.util.TreeSet<>(FIELDS));
                }
            }
            String name = f.text("name", true);
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                f.error("name", "rule " + name + " is declared twice");
                continue;
            }
            AlertRule base = rules.get(name);
            String exprText = f.text("expr", base == null);
            Expr expr = base == null ? null : base.condition();
            if (exprText != null) {
                try {
                    expr = ExprParser.parse(exprText);
                } catch (ExprException e) {
                    f.error("expr", e.getMessage() + " in \"" + exprText + "\"");
                    continue;
                }
            }
            Duration holdFor = f.duration("for", base == null ? Duration.ZERO : base.holdFor());
            Duration window = f.duration("window", base == null ? Duration.ofMinutes(5) : base.window());
            if (window != null && window.compareTo(Duration.ofSeconds(10)) < 0) {
                f.error("window", "must be at least 10s, was " + Durations.format(window));
            }
            String severity = f.text("severity", false);
            Boolean enabled = f.bool("enabled");
            Map<String, String> labels = f.stringMap("labels");
            Map<String, String> annotations = f.stringMap("annotations");
            if (expr == null || holdFor == null || window == null) {
                continue;
            }
            rules.put(name, new AlertRule(name, deployment, exprText != null ? exprText : base.expr(), expr, window,
                    holdFor, severity != null ? severity : base == null ? "warning" : base.severity(),
                    labels.isEmpty() && base != null ? base.labels() : labels,
                    annotations.isEmpty() && base != null ? base.annotations() : annotations,
                    enabled == null || enabled));
        }
        return List.copyOf(rules.values());
    }

}
