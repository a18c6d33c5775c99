package dev.shepherd.api;

import dev.shepherd.api.DynamicMeters.Family;
import dev.shepherd.api.DynamicMeters.Kind;
import dev.shepherd.automation.AutomationCounters;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.ReviewStats;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The automation ladder on {@code /metrics}, per deployment:
 * {@code shepherd_automation_level{deployment}} (0 human … 4 full),
 * {@code shepherd_review_queue_length{deployment}}, {@code shepherd_review_queue_claimed{deployment}},
 * {@code shepherd_review_queue_oldest_age_seconds{deployment}}, and since start
 * {@code shepherd_automation_answered_total}, {@code shepherd_review_items_total{reason}},
 * {@code shepherd_review_decisions_total{reason}} and {@code shepherd_review_agreed_total{reason}}
 * (decisions equal to the model's suggestion: agreement is their ratio to decisions),
 * {@code shepherd_review_skipped_total}, {@code shepherd_automation_audit_dropped_total} and
 * {@code shepherd_review_callbacks_total{outcome}}. Thread-safe.
 */
final class AutomationMeters implements PrometheusEndpoint.SampleSource {
    static final Family LEVEL = new Family("shepherd.automation.level", Kind.GAUGE, null,
            "Automation level: 0 human, 1 shadow, 2 assist, 3 partial, 4 full");
    static final Family QUEUE = new Family("shepherd.review.queue.length", Kind.GAUGE, null,
            "Review items waiting for a reviewer");
    static final Family CLAIMED = new Family("shepherd.review.queue.claimed", Kind.GAUGE, null,
            "Review items held by a reviewer under a live lease");
    static final Family AGE = new Family("shepherd.review.queue.oldest.age", Kind.GAUGE, "seconds",
            "Age of the oldest review item waiting for a reviewer");
    static final Family ANSWERED = new Family("shepherd.automation.answered", Kind.COUNTER, null,
            "Instances the model answered by itself under automation");
    static final Family ITEMS = new Family("shepherd.review.items", Kind.COUNTER, null,
            "Instances sent to people, by reason");
    static final Family DECISIONS = new Family("shepherd.review.decisions", Kind.COUNTER, null,
            "Review decisions made, by reason");
    static final Family AGREED = new Family("shepherd.review.agreed", Kind.COUNTER, null,
            "Review decisions equal to the model's suggestion, by reason");

    static final Family SKIPPED = new Family("shepherd.review.skipped", Kind.COUNTER, null,
            "Review items skipped (never decided)");
    static final Family AUDIT_DROPPED = new Family("shepherd.automation.audit.dropped", Kind.COUNTER, null,
            "Audit samples not queued (writer full or store failing)");
    static final Family CALLBACKS = new Family("shepherd.review.callbacks", Kind.COUNTER, null,
            "Ticket callbacks by outcome: delivered, failed (after 3 tries) or refused (private address)");

    private final Gateway gateway;
    private final AutomationLayer layer;

    AutomationMeters(Gateway gateway, AutomationLayer layer) {
        this.gateway = gateway;
        this.layer = layer;
    }

    @Override
    public void collect(List<DynamicMeters.Sample> into) {
        for (DeploymentStatus s : gateway.statuses()) {
            String name = s.deployment().name();
            Tags t = Tags.of("deployment", name);
            AutomationLevel level = layer.settings().current(name).level();
            into.add(new DynamicMeters.Sample(LEVEL, t, level.ordinal()));
            ReviewStats.Backlog b = layer.stats().backlog(name);
            into.add(new DynamicMeters.Sample(QUEUE, t, b.open()));
            into.add(new DynamicMeters.Sample(CLAIMED, t, b.held()));
            into.add(new DynamicMeters.Sample(AGE, t, b.oldestAgeSeconds()));
        }
        for (String name : layer.counters().deployments()) {
            AutomationCounters.Counts c = layer.counters().of(name);
            Tags t = Tags.of("deployment", name);
            into.add(new DynamicMeters.Sample(ANSWERED, t, c.answered.sum()));
            c.reviewed.forEach((r, v) -> into.add(new DynamicMeters.Sample(ITEMS, t.and("reason", r), v.sum())));
            c.decided.forEach((r, v) -> into.add(new DynamicMeters.Sample(DECISIONS, t.and("reason", r), v.sum())));
            c.agreed.forEach((r, v) -> into.add(new DynamicMeters.Sample(AGREED, t.and("reason", r), v.sum())));
            into.add(new DynamicMeters.Sample(SKIPPED, t, c.skipped.sum()));
            into.add(new DynamicMeters.Sample(AUDIT_DROPPED, t, c.auditDropped.sum()));
        }
        into.add(new DynamicMeters.Sample(CALLBACKS, Tags.of("outcome", "delivered"), layer.callbacks().delivered()));
        into.add(new DynamicMeters.Sample(CALLBACKS, Tags.of("outcome", "failed"), layer.callbacks().failed()));
        into.add(new DynamicMeters.Sample(CALLBACKS, Tags.of("outcome", "refused"), layer.callbacks().refused()));
    }
}
