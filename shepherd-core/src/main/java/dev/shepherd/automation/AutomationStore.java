package dev.shepherd.automation;

import java.util.List;
import java.util.Optional;

/**
 * Where each deployment's automation setting and its audit trail live. A deployment has the
 * setting its spec declares and the one in force, which a runtime change may have moved away
 * from the declared one. Thread-safe.
 */
public interface AutomationStore {

    /**
     * What is stored for a deployment.
     *
     * @param declared  the spec's setting when last seen, or {@code null} when the spec had none
     * @param effective the setting in force
     */
    record Stored(AutomationSetting declared, AutomationSetting effective) {
    }

    Optional<Stored> find(String deployment);

    /** Stores the deployment's settings and appends {@code event} (if not {@code null}), in one step. */
    void save(String deployment, Stored stored, AutomationEvent event);

    /** Forgets the deployment's settings (its trail stays); nothing when it has none. */
    void delete(String deployment);

    /** The deployment's changes, newest first, at most {@code limit}. */
    List<AutomationEvent> events(String deployment, int limit);
}
