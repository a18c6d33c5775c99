package dev.shepherd.alert;

import dev.shepherd.config.Durations;
import dev.shepherd.monitor.MetricNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes alert rules as Prometheus alerting rules over Shepherd's {@code /metrics}, so a team that
 * runs Prometheus and Alertmanager can evaluate them there instead: one group per deployment, each
 * rule's condition translated to PromQL. Window metrics are the server's window gauges
 * ({@code shepherd_null_output_ratio}, {@code shepherd_latency_p99_seconds} × 1000, …: they cover
 * the server's metric window, not the rule's); {@code request_rate} is
 * {@code rate(shepherd_requests_total[window])}; {@code cpu_load} and
 * {@code heap_used_fraction} come from the JVM and system families. Every metric is taken
 * {@code max by (deployment)}, so comparisons of roles match. A rule whose metric has no
 * Prometheus form ({@link #translatable}) is left out with a comment. Stateless.
 */
public final class PrometheusRules {
    private PrometheusRules() {
    }

    /** The rules file (YAML) for {@code rules}, grouped by deployment, in name order. */
    public static String yaml(List<AlertRule> rules) {
        Map<String, List<AlertRule>> byDeployment = new TreeMap<>();
        for (AlertRule r : rules) {
            if (r.enabled()) {
                byDeployment.computeIfAbsent(r.deployment() == null ? "all" : r.deployment(), k -> new java.util.ArrayList<>()).add(r);
            }
        }
        StringBuilder sb = new StringBuilder("# Shepherd's alert rules as Prometheus alerting rules (shepherd alerts export-prometheus).\n");
        sb.append("groups:\n");
        for (Map.Entry<String, List<AlertRule>> g : byDeployment.entrySet()) {
            sb.append("  - name: shepherd-").append(g.getKey()).append("\n    rules:\n");
            for (AlertRule r : g.getValue()) {
                String why = translatable(r.condition());
                if (why != null) {
                    sb.append("      # ").append(r.name()).append(" left out: ").append(why).append('\n');
                    continue;
                }
                sb.append("      - alert: ").append(quote(r.name())).append('\n');
                sb.append("        expr: ").append(quote(promql(r.condition(), r))).append('\n');
                if (!r.holdFor().isZero()) {
                    sb.append("        for: ").append(Durations.format(r.holdFor())).append('\n');
                }
                sb.append("        labels:\n");
                sb.append("          severity: ").append(quote(r.severity())).append('\n');
                if (r.deployment() != null) {
                    sb.append("          deployment: ").append(quote(r.deployment())).append('\n');
                }
                new TreeMap<>(r.labels()).forEach((k, v) -> sb.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
                sb.append("        annotations:\n");
                sb.append("          expr: ").append(quote(r.expr())).append('\n');
                new TreeMap<>(r.annotations()).forEach((k, v) -> sb.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
            }
        }
        return sb.toString();
    }

    /** Why a condition has no PromQL form, or {@code null} when it has one. */
    static String translatable(Expr e) {
        return switch (e) {
            case Expr.Number n -> null;
            case Expr.Negate n -> translatable(n.operand());
            case Expr.Binary b -> translatable(b.left()) != null ? translatable(b.left()) : translatable(b.right());
            case Expr.Metric m -> family(m.name()) == null ? m.name() + " is not exported on /metrics" : null;
        };
    }

    static String promql(Expr e, AlertRule rule) {
        return switch (e) {
            case Expr.Number n -> n.toString();
            case Expr.Negate n -> "-(" + promql(n.operand(), rule) + ")";
            case Expr.Binary b -> "(" + promql(b.left(), rule) + " " + b.op().symbol + " " + promql(b.right(), rule) + ")";
            case Expr.Metric m -> metric(m, rule);
        };
    }

    private static String metric(Expr.Metric m, AlertRule rule) {
        String selector = "{" + (rule.deployment() == null ? "" : "deployment=\"" + esc(rule.deployment()) + "\",")
                + "role=\"" + m.roleOrPrimary() + "\"" + (m.label() == null ? "" : "," + m.label() + "=\"" + esc(m.value()) + "\"")
                + "}";
        String window = Durations.format(rule.window());
        return switch (m.name()) {
            case MetricNames.REQUEST_RATE -> "sum by (deployment) (rate(shepherd_requests_total" + selector + "[" + window + "]))";
            case MetricNames.CPU_LOAD -> "(max(system_load_average_1m) / max(system_cpus))";
            case MetricNames.HEAP_USED_FRACTION -> "(sum(jvm_memory_used_bytes{area=\"heap\"}) / sum(jvm_memory_max_bytes{area=\"heap\"}))";
            case MetricNames.DRIFT_SHARE -> "max by (deployment) (shepherd_drift_share_ratio"
                    + (rule.deployment() == null ? "" : "{deployment=\"" + esc(rule.deployment()) + "\"}") + ")";
            case MetricNames.DRIFT_SCORE -> "max by (deployment) (shepherd_drift_score{" + (rule.deployment() == null ? ""
                    : "deployment=\"" + esc(rule.deployment()) + "\",") + "feature=\"" + esc(m.value()) + "\"})";
            case MetricNames.REVIEW_QUEUE_AGE_SECONDS, MetricNames.REVIEW_QUEUE_LENGTH -> "max by (deployment) ("
                    + family(m.name()) + (rule.deployment() == null ? "" : "{deployment=\"" + esc(rule.deployment()) + "\"}")
                    + ")";
            default -> {
                String f = family(m.name());
                String scaled = m.name().endsWith("_ms") ? " * 1000" : "";
                yield "(max by (deployment) (" + f + selector + ")" + scaled + ")";
            }
        };
    }

    /** The /metrics family of a window metric, or null. */
    static String family(String name) {
        return switch (name) {
            case MetricNames.REQUEST_RATE, MetricNames.CPU_LOAD, MetricNames.HEAP_USED_FRACTION, MetricNames.DRIFT_SHARE,
                 MetricNames.DRIFT_SCORE -> name;
            case MetricNames.REVIEW_QUEUE_AGE_SECONDS -> "shepherd_review_queue_oldest_age_seconds";
            case MetricNames.REVIEW_QUEUE_LENGTH -> "shepherd_review_queue_length";
            case MetricNames.ERROR_RATE -> "shepherd_error_ratio";
            case MetricNames.LATENCY_P50_MS -> "shepherd_latency_p50_seconds";
            case MetricNames.LATENCY_P90_MS -> "shepherd_latency_p90_seconds";
            case MetricNames.LATENCY_P99_MS -> "shepherd_latency_p99_seconds";
            case MetricNames.LATENCY_MAX_MS -> "shepherd_latency_max_seconds";
            case MetricNames.MISSING_INPUT_FRACTION -> "shepherd_missing_input_ratio";
            case MetricNames.NULL_OUTPUT_FRACTION -> "shepherd_null_output_ratio";
            case MetricNames.LOW_CONFIDENCE_FRACTION -> "shepherd_low_confidence_ratio";
            case MetricNames.ACCURACY -> "shepherd_accuracy_ratio";
            case MetricNames.FEEDBACK_RATE -> "shepherd_feedback_ratio";
            default -> null;
        };
    }

    private static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }
}
