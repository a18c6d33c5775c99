package dev.shepherd.alert;

import dev.shepherd.config.AlertRulesReader;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerting as a server runs it: every deployment's rules (its starter rules merged with its
 * {@code spec.alerts}) evaluated by one {@link AlertEvaluator} over {@link LiveValues}, states in
 * the store, notifications to the given notifier. Thread-safe.
 */
public final class Alerts {
    private final Gateway gateway;
    private final AlertEvaluator evaluator;
    private volatile List<WebhookNotifier> webhooks = List.of();

    /** The webhook and Alertmanager notifiers whose counters {@link #webhooks()} reports. */
    public void reportWebhooks(List<WebhookNotifier> notifiers) {
        this.webhooks = List.copyOf(notifiers);
    }

    /** The webhook and Alertmanager notifiers, with their delivered and failed counters. */
    public List<WebhookNotifier> webhooks() {
        return webhooks;
    }

    public Alerts(Gateway gateway, AlertEvaluator.Values values, Notifier notifier, Clock clock) {
        this.gateway = gateway;
        this.evaluator = new AlertEvaluator(this::rules, () -> gateway.statuses().stream()
                .map(s -> s.deployment().name()).toList(), values, gateway.store().alerts(), notifier, clock);
    }

    /** Every deployment's rules, in deployment order. */
    public List<AlertRule> rules() {
        List<AlertRule> out = new ArrayList<>();
        for (DeploymentStatus s : gateway.statuses()) {
            out.addAll(AlertRulesReader.ofSpec(s.deployment().name(), s.deployment().specJson()));
        }
        return out;
    }

    public AlertEvaluator evaluator() {
        return evaluator;
    }

    public AlertStore store() {
        return gateway.store().alerts();
    }

    /** Evaluates every rule now. */
    public void tick() {
        evaluator.tick();
    }
}
