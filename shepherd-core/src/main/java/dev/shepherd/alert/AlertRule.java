package dev.shepherd.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A threshold rule: while {@link #condition()} holds over the last {@link #window()} of a
 * deployment's metrics for at least {@link #holdFor()}, the alert fires.
 *
 * @param name        unique name ({@code many-null-outputs})
 * @param deployment  the deployment it watches, or {@code null} for every deployment
 * @param expr        the condition as written
 * @param condition   the parsed condition
 * @param window      the trailing window metrics are taken over (default 5 minutes)
 * @param holdFor     how long the condition must hold before firing ({@code for}; default 0)
 * @param severity    {@code page}, {@code ticket}, {@code info} or any word (default {@code warning})
 * @param labels      extra labels sent with notifications
 * @param annotations {@code summary}, {@code description}, … sent with notifications
 * @param enabled     whether it is evaluated
 */
public record AlertRule(String name, String deployment, String expr, Expr condition, Duration window, Duration holdFor,
                        String severity, Map<String, String> labels, Map<String, String> annotations, boolean enabled) {
    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** Whether the rule watches {@code deployment}. */
    public boolean watches(String d) {
        return deployment == null || deployment.equals(d);
    }
}
