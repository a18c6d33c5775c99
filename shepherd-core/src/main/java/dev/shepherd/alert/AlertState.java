package dev.shepherd.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * Where one rule stands for one deployment, persisted so a restart neither forgets a firing alert
 * nor notifies it again.
 *
 * @param rule        the rule's name
 * @param deployment  the deployment
 * @param state       inactive, pending or firing
 * @param activeSince when the condition started to hold (pending and firing), else {@code null}
 * @param firedAt     when it fired, else {@code null}
 * @param resolvedAt  when it last resolved, else {@code null}
 * @param value       the condition's left-hand value at the last evaluation ({@code NaN} if none)
 * @param notified    the last transition that was notified: {@code firing}, {@code resolved} or {@code null}
 * @param silencedUntil notifications are held back until then, or {@code null}
 * @param acknowledgedBy who acknowledged the firing alert, or {@code null}
 */
public record AlertState(String rule, String deployment, State state, Instant activeSince, Instant firedAt,
                         Instant resolvedAt, double value, String notified, Instant silencedUntil,
                         String acknowledgedBy) {

    /** An alert's state. */
    public enum State {
        INACTIVE, PENDING, FIRING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static AlertState inactive(String rule, String deployment) {
        return new AlertState(rule, deployment, State.INACTIVE, null, null, null, Double.NaN, null, null, null);
    }

    AlertState to(State s, Instant since, Instant fired, Instant resolved, double v) {
        return new AlertState(rule, deployment, s, since, fired, resolved, v, notified, silencedUntil,
                s == State.FIRING ? acknowledgedBy : null);
    }

    AlertState withNotified(String n) {
        return new AlertState(rule, deployment, state, activeSince, firedAt, resolvedAt, value, n, silencedUntil,
                acknowledgedBy);
    }

    AlertState withSilence(Instant until) {
        return new AlertState(rule, deployment, state, activeSince, firedAt, resolvedAt, value, notified, until,
                acknowledgedBy);
    }

    AlertState withAck(String who) {
        return new AlertState(rule, deployment, state, activeSince, firedAt, resolvedAt, value, notified, silencedUntil,
                who);
    }
}
