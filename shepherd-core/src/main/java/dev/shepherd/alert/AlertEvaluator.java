package dev.shepherd.alert;

import dev.shepherd.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules on a schedule ({@link #tick()}, with the injected clock):
 * inactive → pending (the condition holds) → firing (it held for the rule's {@code for}) →
 * resolved (it stopped holding; the alert is inactive again). Each transition is stored before it
 * is notified; a notification already sent is recorded in the state, so a restart neither forgets a
 * firing alert nor sends it again. A silenced alert changes state but notifies nothing until the
 * silence ends (a firing one is then notified). Thread-safe: ticks and operator actions are
 * serialized on this object.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    /** The value of a metric for a deployment over a trailing window; {@code NaN} when there is none. */
    @FunctionalInterface
    public interface Values {
        double value(String deployment, Expr.Metric metric, Duration window);
    }

    private final Supplier<List<AlertRule>> rules;
    private final Supplier<List<String>> deployments;
    private final Values values;
    private final AlertStore store;
    private final Notifier notifier;
    private final Clock clock;

    public AlertEvaluator(Supplier<List<AlertRule>> rules, Supplier<List<String>> deployments, Values values,
                          AlertStore store, Notifier notifier, Clock clock) {
        this.rules = rules;
        this.deployments = deployments;
        this.values = values;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Evaluates every enabled rule for every deployment it watches. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (AlertRule rule : rules.get()) {
            if (!rule.enabled()) {
                continue;
            }
            for (String d : deployments.get()) {
                if (rule.watches(d)) {
                    try {
                        evaluate(rule, d, now);
                    } catch (RuntimeException e) {
                        LOG.warn("alert {} on {} failed: {}", rule.name(), d, e.toString());
                    }
                }
            }
        }
    }

    private void evaluate(AlertRule rule, String deployment, Instant now) {
        AlertState s = store.find(rule.name(), deployment).orElse(AlertState.inactive(rule.name(), deployment));
        Map<Expr.Metric, Double> seen = new HashMap<>();
        boolean holds = rule.condition().holds(m -> seen.computeIfAbsent(m, k -> values.value(deployment, k, rule.window())));
        double value = seen.values().stream().filter(v -> !v.isNaN()).findFirst().orElse(Double.NaN);
        AlertState next = s;
        switch (s.state()) {
            case INACTIVE -> {
                if (holds) {
                    next = rule.holdFor().isZero() ? s.to(AlertState.State.FIRING, now, now, s.resolvedAt(), value)
                            : s.to(AlertState.State.PENDING, now, null, s.resolvedAt(), value);
                }
            }
            case PENDING -> {
                if (!holds) {
                    next = s.to(AlertState.State.INACTIVE, null, null, s.resolvedAt(), value);
                } else if (Duration.between(s.activeSince(), now).compareTo(rule.holdFor()) >= 0) {
                    next = s.to(AlertState.State.FIRING, s.activeSince(), now, s.resolvedAt(), value);
                } else {
                    next = s.to(AlertState.State.PENDING, s.activeSince(), null, s.resolvedAt(), value);
                }
            }
            case FIRING -> next = holds ? s.to(AlertState.State.FIRING, s.activeSince(), s.firedAt(), s.resolvedAt(), value)
                    : s.to(AlertState.State.INACTIVE, null, s.firedAt(), now, value);
        }
        AlertStore.Transition t = next.state() == s.state() ? null : new AlertStore.Transition(rule.name(), deployment,
                now, s.state(), next.state(), value, rule.severity());
        String due = due(next, s, now);
        if (due != null) {
            next = next.withNotified(due);
        }
        store.save(next, t);
        if (t != null) {
            LOG.info("alert {} on {}: {} -> {} (value {})", rule.name(), deployment, t.from().wireName(), t.to().wireName(),
                    value);
        }
        if (due != null) {
            notifier.notify(notification(rule, next, due, now));
        }
    }

    /** The notification a state now owes: firing once per firing, resolved once after it; none while silenced. */
    private static String due(AlertState next, AlertState before, Instant now) {
        boolean silenced = next.silencedUntil() != null && now.isBefore(next.silencedUntil());
        if (silenced) {
            return null;
        }
        if (next.state() == AlertState.State.FIRING && !"firing".equals(next.notified())) {
            return "firing";
        }
        if (before.state() == AlertState.State.FIRING && next.state() == AlertState.State.INACTIVE
                && "firing".equals(next.notified())) {
            return "resolved";
        }
        return null;
    }

    private static Notification notification(AlertRule rule, AlertState s, String status, Instant now) {
        Map<String, String> labels = new HashMap<>(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("deployment", s.deployment());
        labels.put("severity", rule.severity());
        return new Notification(rule.name(), s.deployment(), status, rule.severity(), s.firedAt(),
                "resolved".equals(status) ? now : null, s.value(), rule.expr(), labels, rule.annotations());
    }

    /** Holds back notifications of (rule, deployment) for {@code duration}. */
    public synchronized AlertState silence(String rule, String deployment, Duration duration) {
        AlertState s = state(rule, deployment).withSilence(clock.instant().plus(duration));
        store.save(s, null);
        return s;
    }

    /** Records that {@code who} acknowledged the firing alert. */
    public synchronized AlertState acknowledge(String rule, String deployment, String who) {
        AlertState s = state(rule, deployment);
        if (s.state() != AlertState.State.FIRING) {
            throw new dev.shepherd.error.ConflictException("rule", "alert " + rule + " on " + deployment
                    + " is not firing (" + s.state().wireName() + ")");
        }
        AlertState acked = s.withAck(who);
        store.save(acked, null);
        return acked;
    }

    private AlertState state(String rule, String deployment) {
        if (rules.get().stream().noneMatch(r -> r.name().equals(rule))) {
            throw new NotFoundException("rule", "no alert rule named '" + rule + "'");
        }
        return store.find(rule, deployment).orElse(AlertState.inactive(rule, deployment));
    }
}
