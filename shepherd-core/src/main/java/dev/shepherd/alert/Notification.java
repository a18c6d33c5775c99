package dev.shepherd.alert;

import java.time.Instant;
import java.util.Map;

/**
 * What a notifier sends when an alert fires or resolves.
 *
 * @param rule        the rule
 * @param deployment  the deployment it fired for
 * @param status      {@code firing} or {@code resolved}
 * @param severity    the rule's severity
 * @param startsAt    when it fired
 * @param endsAt      when it resolved, or {@code null} while firing
 * @param value       the condition's value at the transition
 * @param expr        the rule's condition
 * @param labels      the rule's labels plus {@code alertname}, {@code deployment}, {@code severity}
 * @param annotations the rule's annotations
 */
public record Notification(String rule, String deployment, String status, String severity, Instant startsAt,
                           Instant endsAt, double value, String expr, Map<String, String> labels,
                           Map<String, String> annotations) {
}
