package dev.shepherd.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ReferenceStore} and {@link DriftHistory} in memory, for tests and the in-memory store. Thread-safe. */
public final class InMemoryDriftStores implements ReferenceStore, DriftHistory {
    private final Map<String, Stored> references = new HashMap<>();
    private final List<Entry> history = new ArrayList<>();

    @Override
    public synchronized void put(Stored reference) {
        references.put(reference.model() + ":" + reference.version(), reference);
    }

    @Override
    public synchronized Optional<Stored> find(String model, String version) {
        return Optional.ofNullable(references.get(model + ":" + version));
    }

    @Override
    public synchronized Optional<Stored> latest(String model) {
        return references.values().stream().filter(r -> r.model().equals(model))
                .max(java.util.Comparator.comparing(Stored::createdAt));
    }

    @Override
    public synchronized boolean delete(String model, String version) {
        return references.remove(model + ":" + version) != null;
    }

    @Override
    public synchronized void append(Entry e) {
        history.add(e);
    }

    @Override
    public synchronized List<Entry> list(String deployment, Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return history.stream().filter(e -> e.deployment().equals(deployment) && !e.at().isBefore(from) && e.at().isBefore(to))
                .sorted(java.util.Comparator.comparing(Entry::at)).limit(limit).toList();
    }
}
