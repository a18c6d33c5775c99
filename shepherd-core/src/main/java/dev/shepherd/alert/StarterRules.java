package dev.shepherd.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The rules every deployment starts with, in the spirit of "start with many metrics and delete what
 * you do not need". Each can be changed or switched off in the deployment's {@code spec.alerts}
 * (an entry with the same name replaces it; {@code enabled: false} turns it off). Thresholds:
 *
 * <ul>
 *   <li>{@code null-outputs}: {@code null_output_fraction > 0.05} for 5 m (page)</li>
 *   <li>{@code missing-inputs}: {@code missing_input_fraction > 0.2} for 10 m (ticket)</li>
 *   <li>{@code errors}: {@code error_rate > 0.05} for 5 m (page)</li>
 *   <li>{@code slow}: {@code latency_p99_ms > 500} for 10 m (ticket)</li>
 *   <li>{@code no-traffic}: {@code request_rate < 0.01} over 15 m, for 15 m (ticket)</li>
 *   <li>{@code drift}: {@code drift_share >= 0.5} for 30 m (ticket)</li>
 *   <li>{@code redo-search}: {@code feedback_rate{event="redo_search"} > 0.2} for 15 m (ticket)</li>
 *   <li>{@code low-confidence}: {@code low_confidence_fraction > 0.3} for 15 m (ticket)</li>
 *   <li>{@code memory}: {@code heap_used_fraction > 0.9} for 5 m (page)</li>
 *   <li>{@code cpu}: {@code cpu_load > 0.9} for 15 m (ticket)</li>
 * </ul>
 * Stateless.
 */
public final class StarterRules {
    private StarterRules() {
    }

    /** The starter rules, watching {@code deployment}. */
    public static List<AlertRule> forDeployment(String deployment) {
        return List.of(
                rule(deployment, "null-outputs", "null_output_fraction > 0.05", 5, 5, "page",
                        "More than 5 % of predictions are null, empty or NaN"),
                rule(deployment, "missing-inputs", "missing_input_fraction > 0.2", 10, 10, "ticket",
                        "More than 20 % of input values are missing"),
                rule(deployment, "errors", "error_rate > 0.05", 5, 5, "page", "More than 5 % of requests fail"),
                rule(deployment, "slow", "latency_p99_ms > 500", 5, 10, "ticket", "p99 latency above 500 ms"),
                rule(deployment, "no-traffic", "request_rate < 0.01", 15, 15, "ticket",
                        "Almost no requests for 15 minutes"),
                rule(deployment, "drift", "drift_share >= 0.5", 60, 30, "ticket",
                        "Half of the features drifted from the reference"),
                rule(deployment, "redo-search", "feedback_rate{event=\"redo_search\"} > 0.2", 15, 15, "ticket",
                        "More than 20 % of answers are followed by a redo_search"),
                rule(deployment, "low-confidence", "low_confidence_fraction > 0.3", 15, 15, "ticket",
                        "More than 30 % of class predictions are low-confidence"),
                rule(deployment, "review-queue-age", "review_queue_age_seconds > 3600", 5, 5, "ticket",
                        "A review item has waited more than an hour"),
                rule(deployment, "memory", "heap_used_fraction > 0.9", 5, 5, "page", "Heap above 90 %"),
                rule(deployment, "cpu", "cpu_load > 0.9", 5, 15, "ticket", "Load average above 90 % of the CPUs"));
    }

    private static AlertRule rule(String deployment, String name, String expr, int windowMinutes, int forMinutes,
                                  String severity, String summary) {
        return new AlertRule(name, deployment, expr, ExprParser.parse(expr), Duration.ofMinutes(windowMinutes),
                Duration.ofMinutes(forMinutes), severity, Map.of(), Map.of("summary", summary), true);
    }
}
