package dev.shepherd.automation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link AutomationStore} in memory; one lock. Thread-safe. */
public final class InMemoryAutomationStore implements AutomationStore {
    private final Map<String, Stored> settings = new HashMap<>();
    private final List<AutomationEvent> events = new ArrayList<>();

    @Override
    public synchronized Optional<Stored> find(String deployment) {
        return Optional.ofNullable(settings.get(deployment));
    }

    @Override
    public synchronized void save(String deployment, Stored stored, AutomationEvent event) {
        settings.put(deployment, stored);
        if (event != null) {
            events.add(event);
        }
    }

    @Override
    public synchronized void delete(String deployment) {
        settings.remove(deployment);
    }

    @Override
    public synchronized List<AutomationEvent> events(String deployment, int limit) {
        return events.reversed().stream().filter(e -> e.deployment().equals(deployment)).limit(Math.max(0, limit)).toList();
    }
}
