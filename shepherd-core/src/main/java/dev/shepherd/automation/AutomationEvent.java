package dev.shepherd.automation;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a deployment's automation setting, for the audit trail.
 *
 * @param deployment the deployment
 * @param at         when
 * @param actor      who: a person or token name, {@code apply} for a changed spec
 * @param from       the level before, or {@code null} for the first setting
 * @param to         the level after
 * @param setting    the whole setting after the change
 * @param reason     why, as given, or {@code null}
 */
public record AutomationEvent(String deployment, Instant at, String actor, AutomationLevel from, AutomationLevel to,
                              AutomationSetting setting, String reason) {
    public AutomationEvent {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(setting, "setting");
    }
}
