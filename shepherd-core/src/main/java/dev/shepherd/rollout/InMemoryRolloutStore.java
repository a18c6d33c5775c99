package dev.shepherd.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RolloutStore} in memory, for tests and the in-memory store. Thread-safe. */
public final class InMemoryRolloutStore implements RolloutStore {
    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private final Map<String, List<RolloutEvent>> events = new LinkedHashMap<>();

    @Override
    public synchronized void save(Rollout rollout, RolloutEvent event) {
        rollouts.put(rollout.id(), rollout);
        if (event != null) {
            events.computeIfAbsent(rollout.id(), k -> new ArrayList<>()).add(event);
        }
    }

    @Override
    public synchronized Optional<Rollout> find(String id) {
        return Optional.ofNullable(rollouts.get(id));
    }

    @Override
    public synchronized List<Rollout> active() {
        return rollouts.values().stream().filter(r -> r.status().active())
                .sorted(Comparator.comparing(Rollout::startedAt)).toList();
    }

    @Override
    public synchronized List<Rollout> forDeployment(String deployment) {
        List<Rollout> out = new ArrayList<>(rollouts.values().stream().filter(r -> r.deployment().equals(deployment)).toList());
        java.util.Collections.reverse(out);
        out.sort(Comparator.comparing(Rollout::startedAt).reversed());
        return out;
    }

    @Override
    public synchronized List<RolloutEvent> events(String rolloutId) {
        return List.copyOf(events.getOrDefault(rolloutId, List.of()));
    }
}
